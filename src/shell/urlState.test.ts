import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, isHidden, parseUrlState, toSearch } from './urlState';

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

  it('reads every criterion, structure and schedule, and warns on unknown ones', () => {
    const { state, warnings } = parseUrlState('?criterion=taylor&structure=channels&schedule=agp');
    expect(warnings).toEqual([]);
    expect(state).toMatchObject({ criterion: 'taylor', structure: 'channels', schedule: 'agp' });
    for (const criterion of ['magnitude', 'taylor', 'fisher', 'random']) {
      expect(parseUrlState(`?criterion=${criterion}`).state.criterion).toBe(criterion);
    }
    for (const schedule of ['oneshot', 'iterative', 'agp', 'lottery']) {
      expect(parseUrlState(`?schedule=${schedule}`).state.schedule).toBe(schedule);
    }
    const bad = parseUrlState('?criterion=hessian&structure=filters&schedule=sometimes&theme=blue');
    expect(bad.state).toEqual(DEFAULT_STATE);
    expect(bad.warnings).toEqual([
      'Invalid criterion="hessian" (use magnitude, taylor, fisher or random): using magnitude.',
      'Invalid structure="filters" (use weights or channels): using weights.',
      'Invalid schedule="sometimes" (use oneshot, iterative, agp or lottery): using oneshot.',
      'Invalid theme="blue" (use light or dark): using your saved or system setting.',
    ]);
  });

  it('reads hide= as a list of controls, warning about unknown names', () => {
    const { state, warnings } = parseUrlState('?hide=schedule,criterion,,criterion,bogus');
    expect(state.hide).toEqual(['criterion', 'schedule']);
    expect(isHidden(state, 'criterion')).toBe(true);
    expect(isHidden(state, 'scope')).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^Unknown control "bogus" in hide= \(use model, scope, criterion, .* or theme\): ignored\.$/);
    expect(toSearch(state)).toBe('?hide=criterion,schedule');
    expect(parseUrlState('?hide=').state.hide).toEqual([]);
  });

  it('round-trips through toSearch', () => {
    const { state } = parseUrlState('?train=1000&epochs=2&seed=9&backend=cpu&rate=0.9&scope=global');
    expect(state).toMatchObject({ rate: 0.9, scope: 'global' });
    expect(toSearch(state)).toBe('?backend=cpu&train=1000&epochs=2&seed=9&rate=0.9&scope=global');
    expect(parseUrlState(toSearch(state)).state).toEqual(state);
    expect(toSearch(DEFAULT_STATE)).toBe('');
  });

  it('round-trips every setting a teacher can change', () => {
    const search =
      '?model=imdb&backend=wasm&train=2000&test=500&epochs=2&seed=7&rate=0.92&scope=global' +
      '&criterion=fisher&structure=channels&schedule=iterative&hide=criterion,schedule&theme=dark&autorun=1';
    const { state, warnings } = parseUrlState(search);
    expect(warnings).toEqual([]);
    expect(toSearch(state)).toBe(search);
    expect(parseUrlState(toSearch(state)).state).toEqual(state);
  });
});
