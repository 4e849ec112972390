import { describe, expect, it } from 'vitest';
import { compressReducer, INITIAL_COMPRESS, secondsLeft } from './compressState';

describe('compression panel state', () => {
  it('estimates the time left from the pace so far', () => {
    expect(secondsLeft({ stage: 'x', done: 0, total: 100, elapsedSec: 5 })).toBeNull();
    expect(secondsLeft({ stage: 'x', done: 25, total: 100, elapsedSec: 10 })).toBe(30);
  });

  it('ignores progress after the run ended and clears the last result on a new run', () => {
    const running = compressReducer(INITIAL_COMPRESS, { type: 'start' });
    const failed = compressReducer(running, { type: 'failed', message: 'Stopped.' });
    expect(failed).toMatchObject({ running: false, error: 'Stopped.' });
    expect(compressReducer(failed, { type: 'progress', progress: { stage: 'x', done: 1, total: 2, elapsedSec: 1 } })).toBe(failed);
    expect(compressReducer(failed, { type: 'start' })).toEqual({ ...INITIAL_COMPRESS, running: true });
  });
});
