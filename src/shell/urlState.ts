// Typed URL state (DESIGN.md §8): every experiment setting lives in location.search,
// so a link reproduces what someone saw. Out-of-range or unknown values produce a
// visible warning and fall back to the default; the page keeps working.

import { BACKEND_ORDER, type BackendName } from '../core/backend/chooseBackend';
import { isModelId, MODEL_IDS, MODEL_INFO, type ModelId } from '../core/models/catalog';

/** How a weight's importance is scored. */
export const CRITERIA = ['magnitude', 'taylor', 'fisher', 'random'] as const;
export type Criterion = (typeof CRITERIA)[number];
/** What is removed: single weights, or whole channels / neurons. */
export const STRUCTURES = ['weights', 'channels'] as const;
export type Structure = (typeof STRUCTURES)[number];
/** How the target sparsity is reached. */
export const SCHEDULES = ['oneshot', 'iterative', 'agp', 'lottery'] as const;
export type Schedule = (typeof SCHEDULES)[number];
export const SCOPES = ['layer', 'global'] as const;
export type Scope = (typeof SCOPES)[number];
export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
/** Controls a link can hide (`hide=criterion,schedule`) for a simplified classroom view. */
export const HIDEABLE_CONTROLS = [
  'model',
  'scope',
  'criterion',
  'structure',
  'schedule',
  'layers',
  'cap',
  'anchor',
  'finetune',
  'presets',
  'tour',
  'share',
  'experiment',
  'theme',
] as const;
export type HideableControl = (typeof HIDEABLE_CONTROLS)[number];

/** Backends a link can force (re-exported so the UI need not reach into src/core). */
export const BACKENDS: readonly BackendName[] = BACKEND_ORDER;

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
  readonly scope: Scope;
  readonly criterion: Criterion;
  readonly structure: Structure;
  readonly schedule: Schedule;
  /** Controls not shown, in HIDEABLE_CONTROLS order, no duplicates. */
  readonly hide: readonly HideableControl[];
  /** A theme the link asks for; null follows the user's choice or system setting. */
  readonly theme: Theme | null;
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
  criterion: 'magnitude',
  structure: 'weights',
  schedule: 'oneshot',
  hide: [],
  theme: null,
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

/** Whether a link hides `control`. */
export function isHidden(state: Pick<UrlState, 'hide'>, control: HideableControl): boolean {
  return state.hide.includes(control);
}

const KNOWN = new Set([
  'model',
  'backend',
  'autorun',
  'rate',
  'scope',
  'train',
  'test',
  'epochs',
  'seed',
  'criterion',
  'structure',
  'schedule',
  'hide',
  'theme',
]);
const MAX_RATE = 0.99;

export interface ParsedUrlState {
  readonly state: UrlState;
  readonly warnings: readonly string[];
}

/** "a or b", "a, b, c or d". */
function listOr(options: readonly string[]): string {
  return options.length < 2 ? options.join('') : `${options.slice(0, -1).join(', ')} or ${options.at(-1)}`;
}

function isOneOf<T extends string>(options: readonly T[], value: string): value is T {
  return (options as readonly string[]).includes(value);
}

/** One of `options`, or `fallback` with a warning naming the valid values. */
function parseChoice<T extends string, F extends T | null>(
  params: URLSearchParams,
  key: string,
  options: readonly T[],
  fallback: F,
  warnings: string[],
  fallbackLabel: string = String(fallback),
): T | F {
  const raw = params.get(key);
  if (raw === null) return fallback;
  if (isOneOf(options, raw)) return raw;
  warnings.push(`Invalid ${key}="${raw}" (use ${listOr(options)}): using ${fallbackLabel}.`);
  return fallback;
}

function parseHide(raw: string | null, warnings: string[]): readonly HideableControl[] {
  if (raw === null) return [];
  const names = raw.split(',').map((n) => n.trim()).filter((n) => n !== '');
  for (const n of names) {
    if (!isOneOf(HIDEABLE_CONTROLS, n)) {
      warnings.push(`Unknown control "${n}" in hide= (use ${listOr(HIDEABLE_CONTROLS)}): ignored.`);
    }
  }
  return HIDEABLE_CONTROLS.filter((c) => names.includes(c));
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
    if (isOneOf(BACKEND_ORDER, backend)) state.backend = backend;
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
  state.scope = parseChoice(params, 'scope', SCOPES, defaults.scope, warnings);
  state.criterion = parseChoice(params, 'criterion', CRITERIA, defaults.criterion, warnings);
  state.structure = parseChoice(params, 'structure', STRUCTURES, defaults.structure, warnings);
  state.schedule = parseChoice(params, 'schedule', SCHEDULES, defaults.schedule, warnings);
  state.theme = parseChoice(params, 'theme', THEMES, null, warnings, 'your saved or system setting');
  state.hide = parseHide(params.get('hide'), warnings);
  const autorun = params.get('autorun');
  if (autorun !== null) {
    if (autorun === '1' || autorun === 'true') state.autorun = true;
    else if (autorun !== '0' && autorun !== 'false') warnings.push(`Invalid autorun="${autorun}" (use 1 or 0).`);
  }
  for (const key of params.keys()) {
    if (!KNOWN.has(key)) warnings.push(`Unknown URL parameter "${key}" ignored.`);
  }
  return { state, warnings };
}

/** The query string for `state`, listing only values that differ from the defaults. */
export function toSearch(state: UrlState): string {
  const entries: [string, string][] = [];
  const defaults = defaultsFor(state.model);
  if (state.model !== DEFAULT_STATE.model) entries.push(['model', state.model]);
  if (state.backend) entries.push(['backend', state.backend]);
  for (const key of ['train', 'test', 'epochs', 'seed'] as const) {
    if (state[key] !== defaults[key]) entries.push([key, String(state[key])]);
  }
  if (state.rate !== DEFAULT_STATE.rate) entries.push(['rate', String(state.rate)]);
  for (const key of ['scope', 'criterion', 'structure', 'schedule'] as const) {
    if (state[key] !== DEFAULT_STATE[key]) entries.push([key, state[key]]);
  }
  if (state.hide.length > 0) entries.push(['hide', HIDEABLE_CONTROLS.filter((c) => state.hide.includes(c)).join(',')]);
  if (state.theme) entries.push(['theme', state.theme]);
  if (state.autorun) entries.push(['autorun', '1']);
  // Commas stay readable in hide=a,b (they need no escaping in a query string).
  const query = entries.map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%2C/g, ',')}`).join('&');
  return query ? `?${query}` : '';
}
