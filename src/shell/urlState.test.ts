import { describe, expect, it } from 'vitest';
import { matchPreset, PRESETS } from '../features/teaching/presets';
import { DEFAULT_STATE, isHidden, MAX_WARNINGS, methodOf, parseUrlState, toSearch, withMethod } from './urlState';
import { URL_KEYS } from './urlSchema';

describe('parseUrlState', () => {
  it('gives the defaults for an empty query', () => {
    expect(parseUrlState('')).toEqual({ state: DEFAULT_STATE, warnings: [] });
    expect(DEFAULT_STATE).toMatchObject({ model: 'lenet5', train: 60000, test: 10000, epochs: 3, seed: 1, rate: 0, scope: 'layer', cap: 0.99, layers: ['conv1', 'conv2', 'fc1', 'fc2'] });
  });

  it('reads the small-data test parameters', () => {
    const { state, warnings } = parseUrlState('?train=512&test=256&epochs=1&seed=1&autorun=1&backend=wasm');
    expect(warnings).toEqual([]);
    expect(state).toMatchObject({ train: 512, test: 256, epochs: 1, seed: 1, autorun: true, backend: 'wasm' });
  });

  it('warns and falls back on out-of-range, malformed and unknown values', () => {
    const { state, warnings } = parseUrlState('?train=0&test=99999&epochs=abc&seed=1.5&backend=tpu&model=vgg&foo=1&rate=1.5&scope=row');
    expect(state).toEqual(DEFAULT_STATE);
    expect(warnings).toEqual([
      'Unknown model "vgg" (use lenet5, lenet300 or imdb): using lenet5.',
      'Invalid backend="tpu" (use webgpu, webgl, wasm or cpu): using the automatic choice.',
      'Invalid train="0" (an integer 1–60000): using 60000.',
      'Invalid test="99999" (an integer 1–10000): using 10000.',
      'Invalid epochs="abc" (an integer 1–50): using 3.',
      'Invalid seed="1.5" (an integer 0–2147483647): using 1.',
      'Invalid rate="1.5" (a fraction 0–0.99, e.g. 0.9 for 90 %): using 0.',
      'Invalid scope="row" (use layer or global): using layer.',
      'Unknown URL parameter "foo" ignored.',
    ]);
  });

  it('refuses hex, exponent and signed numbers, which Number() would accept', () => {
    for (const q of ['epochs=0x10', 'seed=1e2', 'train=+5', 'rate=9e-1', 'epochs= 4', 'rate=.5e0']) {
      const { state, warnings } = parseUrlState(`?${q}`);
      expect(warnings, q).toHaveLength(1);
      expect(state, q).toEqual(DEFAULT_STATE);
    }
    expect(parseUrlState('?rate=.5').state.rate).toBe(0.5);
  });

  it('says when a key is given twice, and uses the first value', () => {
    const { state, warnings } = parseUrlState('?epochs=1&epochs=50');
    expect(state.epochs).toBe(1);
    expect(warnings).toEqual(['epochs is given 2 times: using the first value, "1".']);
  });

  it('keeps warnings short however long or many the values are', () => {
    const huge = 'x'.repeat(100_000);
    const { warnings } = parseUrlState(`?model=${huge}&criterion=${huge}`);
    expect(warnings.every((w) => w.length < 200)).toBe(true);
    const hide = Array.from({ length: 50_000 }, (_, i) => `c${i}`).join(',');
    const many = parseUrlState(`?hide=${hide}`);
    expect(many.warnings.length).toBeLessThanOrEqual(MAX_WARNINGS);
    expect(many.warnings.join(' ').length).toBeLessThan(1000);
    const params = Array.from({ length: 500 }, (_, i) => `p${i}=1`).join('&');
    expect(parseUrlState(`?${params}`).warnings).toEqual(['Unknown URL parameters "p0", "p1", "p2" and 497 more ignored.']);
  });

  it('selects the IMDB model with its own data limits, layers and defaults', () => {
    const { state, warnings } = parseUrlState('?model=imdb&train=2000&test=500&epochs=1');
    expect(warnings).toEqual([]);
    expect(state).toMatchObject({ model: 'imdb', train: 2000, test: 500, epochs: 1, layers: ['fc1', 'fc2'], rows: [] });
    // IMDB has 24,791 reviews per half once duplicates are dropped: a link asking for more says so and gets them all.
    expect(parseUrlState('?model=imdb').state).toMatchObject({ train: 24791, test: 24791, epochs: 3 });
    expect(parseUrlState('?model=imdb&train=60000').warnings).toEqual(['Invalid train="60000" (an integer 1–24791): using 24791.']);
    expect(parseUrlState('?model=imdb&train=25000&test=25000').warnings).toEqual([
      'Invalid train="25000" (an integer 1–24791): using 24791.',
      'Invalid test="25000" (an integer 1–24791): using 24791.',
    ]);
    expect(toSearch(state)).toBe('?model=imdb&train=2000&test=500&epochs=1');
  });

  it('selects LeNet-300-100 with its own layer list', () => {
    const { state, warnings } = parseUrlState('?model=lenet300&layers=fc1,fc3');
    expect(warnings).toEqual([]);
    expect(state).toMatchObject({ model: 'lenet300', train: 60000, test: 10000, epochs: 3, layers: ['fc1', 'fc3'] });
    expect(parseUrlState('?model=lenet300').state.layers).toEqual(['fc1', 'fc2', 'fc3']);
    expect(parseUrlState('?model=lenet300&layers=conv1').warnings).toHaveLength(1);
    expect(toSearch(state)).toBe('?model=lenet300&layers=fc1,fc3');
  });

  it('carries the layer selection, the row layers and the per-layer cap', () => {
    const { state, warnings } = parseUrlState('?model=imdb&layers=embedding,fc1&rows=embedding&scope=global&cap=0.9');
    expect(warnings).toEqual([]);
    expect(methodOf(state)).toMatchObject({ layers: ['embedding', 'fc1'], rowLayers: ['embedding'], scope: 'global', cap: 0.9 });
    expect(toSearch(state)).toBe('?model=imdb&scope=global&cap=0.9&layers=embedding,fc1&rows=embedding');
    expect(parseUrlState('?cap=off').state.cap).toBeNull();
    expect(toSearch(parseUrlState('?cap=off').state)).toBe('?cap=off');
    const bad = parseUrlState('?layers=conv1,bogus&cap=2');
    expect(bad.state).toMatchObject({ layers: ['conv1'], cap: 0.99 });
    expect(bad.warnings).toHaveLength(2);
  });

  it('warns on a layer list that selects no layer and uses the default layers', () => {
    for (const raw of ['', ',', ' , ,', 'bogus', 'conv9,,']) {
      const { state, warnings } = parseUrlState(`?layers=${raw}`);
      expect(state.layers).toEqual(['conv1', 'conv2', 'fc1', 'fc2']);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^Invalid layers=.*at least one layer: conv1, conv2, fc1 or fc2\): using conv1,conv2,fc1,fc2\.$/);
    }
    expect(parseUrlState('?model=imdb&layers=,').state.layers).toEqual(['fc1', 'fc2']);
    expect(parseUrlState('?rows=').warnings).toEqual([]);
  });

  it('warns on a repeated model key, and uses the first', () => {
    const { state, warnings } = parseUrlState('?model=imdb&model=lenet5');
    expect(state.model).toBe('imdb');
    expect(warnings).toEqual(['model is given 2 times: using the first value, "imdb".']);
    expect(parseUrlState('?model=vgg&model=imdb').warnings).toEqual([
      'Unknown model "vgg" (use lenet5, lenet300 or imdb): using lenet5.',
      'model is given 2 times: using the first value, "vgg".',
    ]);
  });

  it('refuses more IMDB training reviews than the data holds (24,791)', () => {
    const over = parseUrlState('?model=imdb&train=24792');
    expect(over.warnings).toEqual(['Invalid train="24792" (an integer 1–24791): using 24791.']);
    expect(over.state.train).toBe(24791);
    expect(parseUrlState('?model=imdb&train=24791')).toMatchObject({ warnings: [], state: { train: 24791 } });
  });

  it('reads every criterion, structure and schedule, and warns on unknown ones', () => {
    const { state, warnings } = parseUrlState('?criterion=taylor&structure=channels&schedule=agp');
    expect(warnings).toEqual([]);
    expect(state).toMatchObject({ criterion: 'taylor', structure: 'channels', schedule: 'agp' });
    const bad = parseUrlState('?criterion=hessian&structure=filters&schedule=sometimes&theme=blue');
    expect(bad.state).toEqual(DEFAULT_STATE);
    expect(bad.warnings).toHaveLength(4);
  });

  it('reads norm= (an imported ONNX model\'s pixels), warning about an invalid value', () => {
    expect(parseUrlState('?norm=signed')).toEqual({ state: { ...DEFAULT_STATE, norm: 'signed' }, warnings: [] });
    const bad = parseUrlState('?norm=imagenet');
    expect(bad.state.norm).toBe('mnist');
    expect(bad.warnings).toHaveLength(1);
    expect(bad.warnings[0]).toContain('mnist, unit or signed');
  });

  it('reads watchdog= as whole seconds from 2 to 3600, warning otherwise', () => {
    expect(parseUrlState('?watchdog=8')).toEqual({ state: { ...DEFAULT_STATE, watchdog: 8 }, warnings: [] });
    for (const raw of ['1', '0', '3601', '2.5', 'abc', '']) {
      const { state, warnings } = parseUrlState(`?watchdog=${raw}`);
      expect(state.watchdog, raw).toBe(DEFAULT_STATE.watchdog);
      expect(warnings, raw).toHaveLength(1);
    }
  });

  it('reads hide= as a list of controls, warning about unknown names', () => {
    const { state, warnings } = parseUrlState('?hide=schedule,criterion,,criterion,bogus');
    expect(state.hide).toEqual(['criterion', 'schedule']);
    expect(isHidden(state, 'criterion')).toBe(true);
    expect(isHidden(state, 'scope')).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^Unknown control in hide= "bogus" \(use model, scope, criterion, .* or theme\): ignored\.$/);
    expect(toSearch(state)).toBe('?hide=criterion,schedule');
  });

  it('round-trips every parameter of the schema', () => {
    const search =
      '?model=imdb&norm=unit&backend=wasm&start=trained&train=2000&test=500&epochs=2&seed=7&rate=0.92&scope=global&cap=0.95' +
      '&layers=embedding,fc1,fc2&rows=embedding&criterion=fisher&structure=channels&nm=1:4&schedule=iterative&stall=5&preload=all&hide=criterion,schedule&theme=dark&watchdog=5&from=finetuned&autorun=1';
    const { state, warnings } = parseUrlState(search);
    expect(warnings).toEqual([]);
    expect(toSearch(state)).toBe(search);
    expect(parseUrlState(toSearch(state)).state).toEqual(state);
    // Every key of the schema appears in this link: nothing on screen can be missing from one.
    expect(new URLSearchParams(search).size).toBe(URL_KEYS.length);
    expect(toSearch(DEFAULT_STATE)).toBe('');
  });

  it('reads from= (what a copied link was made from), warning about an invalid value', () => {
    expect(parseUrlState('?from=finetuned')).toEqual({ state: { ...DEFAULT_STATE, from: 'finetuned' }, warnings: [] });
    expect(parseUrlState('?from=imported').state.from).toBe('imported');
    const bad = parseUrlState('?from=magic');
    expect(bad.state).toEqual(DEFAULT_STATE);
    expect(bad.warnings).toEqual(['Invalid from="magic" (use finetuned, schedule or imported): using no marker.']);
    expect(toSearch({ ...DEFAULT_STATE, rate: 0.5, from: 'finetuned' })).toBe('?rate=0.5&from=finetuned');
  });

  it('maps the method in and out of the URL state', () => {
    const m = { ...methodOf(DEFAULT_STATE), rate: 0.3, layers: ['fc1'], cap: null };
    expect(methodOf(withMethod(DEFAULT_STATE, m))).toEqual(m);
  });

  it('recognises every preset again after a trip through the URL', () => {
    for (const preset of PRESETS) {
      const { state, warnings } = parseUrlState(toSearch({ ...DEFAULT_STATE, ...preset.settings }));
      expect(warnings).toEqual([]);
      expect(matchPreset(state)?.id).toBe(preset.id);
    }
    expect(matchPreset(DEFAULT_STATE)).toBeNull();
  });
});
