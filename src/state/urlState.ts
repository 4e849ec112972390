// Typed URL state (DESIGN.md §8): every experiment setting lives in location.search,
// so a link reproduces what someone saw. Out-of-range or unknown values produce a
// visible warning and fall back to the default; the page keeps working.

import { BACKEND_ORDER, type BackendName } from '../lab/backend/chooseBackend';
import { isModelId, MODEL_IDS, MODEL_INFO, type ModelId } from '../lab/models/catalog';

export interface UrlState {
  readonly model: ModelId;
  readonly backend: BackendName | null;
  readonly train: number;
  readonly test: number;
  readonly epochs: number;
  readonly seed: number;
  readonly autorun: boolean;
  /** Pruning rate, the fraction of prunable weights set to zero (0–0.99). */
  readonly rate: number;
  readonly scope: 'layer' | 'global';
}

export const DEFAULT_STATE: UrlState = {
  model: 'lenet5',
  backend: null,
  train: 60000,
  test: 10000,
  epochs: 3,
  seed: 1,
  autorun: false,
  rate: 0,
  scope: 'layer',
};

interface IntSpec {
  readonly min: number;
  readonly max: number;
}

type IntKey = 'train' | 'test' | 'epochs' | 'seed';

function intSpecs(model: ModelId): Record<IntKey, IntSpec> {
  return {
    train: { min: 1, max: MODEL_INFO[model].maxTrain },
    test: { min: 1, max: MODEL_INFO[model].maxTest },
    epochs: { min: 1, max: 50 },
    seed: { min: 0, max: 2 ** 31 - 1 },
  };
}

/** Defaults for a model: all of its data, its own number of epochs. */
export function defaultsFor(model: ModelId): UrlState {
  const info = MODEL_INFO[model];
  return { ...DEFAULT_STATE, model, train: info.maxTrain, test: info.maxTest, epochs: info.defaults.epochs };
}

const KNOWN = new Set(['model', 'backend', 'autorun', 'rate', 'scope', 'train', 'test', 'epochs', 'seed']);
/** DESIGN.md §8 parameters whose other values are still to come: only the default works today. */
const NOT_YET: Record<string, string> = { criterion: 'magnitude', structure: 'weights' };
const RESERVED = new Set(['hide', ...Object.keys(NOT_YET)]);
const MAX_RATE = 0.99;

export interface ParsedUrlState {
  readonly state: UrlState;
  readonly warnings: readonly string[];
}

export function parseUrlState(search: string): ParsedUrlState {
  const params = new URLSearchParams(search);
  const warnings: string[] = [];
  const model = params.get('model');
  if (model !== null && !isModelId(model)) {
    warnings.push(`Unknown model "${model}" (use ${MODEL_IDS.join(' or ')}): using lenet5.`);
  }
  const defaults = defaultsFor(model !== null && isModelId(model) ? model : 'lenet5');
  const state: { -readonly [K in keyof UrlState]: UrlState[K] } = { ...defaults };

  const backend = params.get('backend');
  if (backend !== null) {
    if ((BACKEND_ORDER as readonly string[]).includes(backend)) state.backend = backend as BackendName;
    else warnings.push(`Unknown backend "${backend}" (use ${BACKEND_ORDER.join(', ')}): choosing automatically.`);
  }
  for (const [key, spec] of Object.entries(intSpecs(state.model)) as [IntKey, IntSpec][]) {
    const raw = params.get(key);
    if (raw === null) continue;
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isInteger(value) || value < spec.min || value > spec.max) {
      warnings.push(
        `Invalid ${key}=${JSON.stringify(raw)} (an integer ${spec.min}–${spec.max}): using ${defaults[key]}.`,
      );
    } else {
      state[key] = value;
    }
  }
  const rate = params.get('rate');
  if (rate !== null) {
    const value = Number(rate);
    if (rate.trim() === '' || !Number.isFinite(value) || value < 0 || value > MAX_RATE) {
      warnings.push(`Invalid rate=${JSON.stringify(rate)} (a fraction 0–${MAX_RATE}, e.g. 0.9 for 90 %): using 0.`);
    } else {
      state.rate = Math.round(value * 100) / 100;
    }
  }
  const scope = params.get('scope');
  if (scope !== null) {
    if (scope === 'layer' || scope === 'global') state.scope = scope;
    else warnings.push(`Invalid scope="${scope}" (use layer or global): using layer.`);
  }
  const autorun = params.get('autorun');
  if (autorun !== null) {
    if (autorun === '1' || autorun === 'true') state.autorun = true;
    else if (autorun !== '0' && autorun !== 'false') warnings.push(`Invalid autorun="${autorun}" (use 1 or 0).`);
  }
  for (const [key, only] of Object.entries(NOT_YET)) {
    const value = params.get(key);
    if (value !== null && value !== only) warnings.push(`${key}=${value} is not available yet: using ${only}.`);
  }
  for (const key of params.keys()) {
    if (!KNOWN.has(key) && !RESERVED.has(key)) warnings.push(`Unknown URL parameter "${key}" ignored.`);
  }
  return { state, warnings };
}

/** The query string for `state`, listing only values that differ from the defaults. */
export function toSearch(state: UrlState): string {
  const params = new URLSearchParams();
  const defaults = defaultsFor(state.model);
  if (state.model !== DEFAULT_STATE.model) params.set('model', state.model);
  if (state.backend) params.set('backend', state.backend);
  for (const key of ['train', 'test', 'epochs', 'seed'] as const) {
    if (state[key] !== defaults[key]) params.set(key, String(state[key]));
  }
  if (state.rate !== DEFAULT_STATE.rate) params.set('rate', String(state.rate));
  if (state.scope !== DEFAULT_STATE.scope) params.set('scope', state.scope);
  if (state.autorun) params.set('autorun', '1');
  const s = params.toString();
  return s ? `?${s}` : '';
}
