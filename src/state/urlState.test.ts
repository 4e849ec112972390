import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, parseUrlState, toSearch } from './urlState';

describe('parseUrlState', () => {
  it('gives the defaults for an empty query', () => {
    expect(parseUrlState('')).toEqual({ state: DEFAULT_STATE, warnings: [] });
  });

  it('reads the small-data test parameters', () => {
    const { state, warnings } = parseUrlState('?train=512&test=256&epochs=1&seed=1&autorun=1&backend=wasm');
    expect(warnings).toEqual([]);
    expect(state).toMatchObject({ train: 512, test: 256, epochs: 1, seed: 1, autorun: true, backend: 'wasm' });
  });

  it('warns and falls back on out-of-range, malformed and unknown values', () => {
    const { state, warnings } = parseUrlState(
      '?train=0&test=99999&epochs=abc&seed=1.5&backend=tpu&model=vgg&foo=1&rate=1.5&scope=row',
    );
    expect(state).toEqual(DEFAULT_STATE);
    expect(warnings).toEqual([
      'Unknown model "vgg" (use lenet5 or imdb): using lenet5.',
      'Unknown backend "tpu" (use webgpu, webgl, wasm, cpu): choosing automatically.',
      'Invalid train="0" (an integer 1–60000): using 60000.',
      'Invalid test="99999" (an integer 1–10000): using 10000.',
      'Invalid epochs="abc" (an integer 1–50): using 3.',
      'Invalid seed="1.5" (an integer 0–2147483647): using 1.',
      'Invalid rate="1.5" (a fraction 0–0.99, e.g. 0.9 for 90 %): using 0.',
      'Invalid scope="row" (use layer or global): using layer.',
      'Unknown URL parameter "foo" ignored.',
    ]);
  });

  it('selects the IMDB model with its own data limits and defaults', () => {
    const { state, warnings } = parseUrlState('?model=imdb&train=2000&test=500&epochs=1');
    expect(warnings).toEqual([]);
    expect(state).toMatchObject({ model: 'imdb', train: 2000, test: 500, epochs: 1 });
    expect(parseUrlState('?model=imdb').state).toMatchObject({ train: 25000, test: 25000, epochs: 3 });
    expect(parseUrlState('?model=imdb&train=60000').warnings).toEqual([
      'Invalid train="60000" (an integer 1–25000): using 25000.',
    ]);
    expect(toSearch(state)).toBe('?model=imdb&train=2000&test=500&epochs=1');
  });

  it('warns that other criteria and structures are not available yet', () => {
    expect(parseUrlState('?criterion=magnitude&structure=weights').warnings).toEqual([]);
    expect(parseUrlState('?criterion=taylor&structure=channels').warnings).toEqual([
      'criterion=taylor is not available yet: using magnitude.',
      'structure=channels is not available yet: using weights.',
    ]);
  });

  it('round-trips through toSearch', () => {
    const { state } = parseUrlState('?train=1000&epochs=2&seed=9&backend=cpu&rate=0.9&scope=global');
    expect(state).toMatchObject({ rate: 0.9, scope: 'global' });
    expect(toSearch(state)).toBe('?backend=cpu&train=1000&epochs=2&seed=9&rate=0.9&scope=global');
    expect(parseUrlState(toSearch(state)).state).toEqual(state);
    expect(toSearch(DEFAULT_STATE)).toBe('');
  });
});
