// URL state: every experiment setting lives in location.search, so a link reproduces what
// someone saw. Read and written through the one table of urlSchema.ts. Out-of-range,
// malformed, repeated or unknown values produce a short visible warning and fall back to
// the default; the page keeps working, whatever the link holds.

import { DEFAULT_GLOBAL_CAP, methodFor, type PruneMethod } from '../core/method';
import { DEFAULT_STALL_SECONDS } from '../core/data/stall';
import { DEFAULT_MODEL, isModelId, MODEL_IDS, MODEL_INFO, type ModelId } from '../core/models/catalog';
import { DEFAULT_NORM } from '../core/io/onnx/onnxNorm';
import { clip } from '../core/io/echo';
import type { HideableControl } from '../kit/controls';
import { listOr, URL_KEYS, URL_SCHEMA, type ParamSpec, type UrlState } from './urlSchema';

export type { UrlState } from './urlSchema';

/** Defaults for a model: all of its data, its own epochs, its default layers. */
export function defaultsFor(model: ModelId): UrlState {
  const info = MODEL_INFO[model];
  const method = methodFor(info.defaultInclude);
  return {
    model,
    norm: DEFAULT_NORM,
    backend: null,
    start: 'scratch',
    train: info.maxTrain,
    test: info.maxTest,
    epochs: info.defaults.epochs,
    seed: 1,
    autorun: false,
    rate: method.rate,
    scope: method.scope,
    cap: DEFAULT_GLOBAL_CAP,
    layers: info.defaultInclude,
    rows: [],
    criterion: method.criterion,
    structure: method.structure,
    nm: method.nm,
    schedule: method.schedule,
    hide: [],
    stall: DEFAULT_STALL_SECONDS,
    preload: null,
    theme: null,
    watchdog: null,
    from: null,
  };
}

export const DEFAULT_STATE: UrlState = defaultsFor(DEFAULT_MODEL);

/** The pruning method a URL state describes. */
export function methodOf(s: UrlState): PruneMethod {
  return { rate: s.rate, scope: s.scope, cap: s.cap, layers: s.layers, rowLayers: s.rows, criterion: s.criterion, structure: s.structure, nm: s.nm, schedule: s.schedule };
}

/** `s` with the method's fields replaced. */
export function withMethod(s: UrlState, m: PruneMethod): UrlState {
  const { layers, rowLayers, ...rest } = m;
  return { ...s, ...rest, layers, rows: rowLayers };
}

export function isHidden(state: Pick<UrlState, 'hide'>, control: HideableControl): boolean {
  return state.hide.includes(control);
}

export interface ParsedUrlState {
  readonly state: UrlState;
  readonly warnings: readonly string[];
}

/** Warnings shown at most; the rest are counted. */
export const MAX_WARNINGS = 12;

function read<K extends keyof UrlState>(spec: ParamSpec<K>, raw: string, state: { [P in keyof UrlState]: UrlState[P] }, defaults: UrlState, warnings: string[]): void {
  const parsed = spec.parse(raw, state.model);
  if (parsed.ok) {
    state[spec.key] = parsed.value;
    warnings.push(...(parsed.warnings ?? []));
    return;
  }
  const fallback = spec.describe ? spec.describe(defaults[spec.key]) : spec.format(defaults[spec.key]);
  warnings.push(`Invalid ${String(spec.key)}=${JSON.stringify(clip(raw, 40))} (${parsed.expected}): using ${fallback}.`);
}

export function parseUrlState(search: string): ParsedUrlState {
  const params = new URLSearchParams(search);
  const warnings: string[] = [];
  const rawModel = params.get('model');
  if (rawModel !== null && !isModelId(rawModel)) warnings.push(`Unknown model "${clip(rawModel, 40)}" (use ${listOr(MODEL_IDS)}): using ${DEFAULT_MODEL}.`);
  const model: ModelId = rawModel !== null && isModelId(rawModel) ? rawModel : DEFAULT_MODEL;
  const defaults = defaultsFor(model);
  const state: { -readonly [K in keyof UrlState]: UrlState[K] } = { ...defaults };
  const seen = new Map<string, number>();
  const unknown: string[] = [];
  for (const key of params.keys()) {
    seen.set(key, (seen.get(key) ?? 0) + 1);
    if (!(URL_KEYS as string[]).includes(key) && !unknown.includes(key)) unknown.push(key);
  }
  const modelTimes = seen.get('model') ?? 0;
  if (modelTimes > 1 && rawModel !== null) warnings.push(`model is given ${modelTimes} times: using the first value, ${JSON.stringify(clip(rawModel, 40))}.`);
  for (const key of URL_KEYS) {
    if (key === 'model') continue;
    const raw = params.get(key);
    if (raw === null) continue;
    const times = seen.get(key) ?? 1;
    if (times > 1) warnings.push(`${key} is given ${times} times: using the first value, ${JSON.stringify(clip(raw, 40))}.`);
    read(URL_SCHEMA[key] as ParamSpec<typeof key>, raw, state, defaults, warnings);
  }
  if (unknown.length > 0) {
    const names = unknown.slice(0, 3).map((k) => `"${clip(k, 40)}"`).join(', ');
    warnings.push(`Unknown URL parameter${unknown.length > 1 ? 's' : ''} ${names}${unknown.length > 3 ? ` and ${unknown.length - 3} more` : ''} ignored.`);
  }
  const shown = warnings.length > MAX_WARNINGS ? [...warnings.slice(0, MAX_WARNINGS - 1), `…and ${warnings.length - MAX_WARNINGS + 1} more warnings.`] : warnings;
  return { state, warnings: shown };
}

/** The query string for `state`, listing only values that differ from the model's defaults. */
export function toSearch(state: UrlState): string {
  const defaults = defaultsFor(state.model);
  const entries: string[] = [];
  for (const key of URL_KEYS) {
    const spec = URL_SCHEMA[key] as ParamSpec<typeof key>;
    const value = state[key];
    const text = spec.format(value);
    const isDefault = key === 'model' ? value === DEFAULT_MODEL : text === spec.format(defaults[key]);
    if (isDefault) continue;
    // Commas stay readable in lists (they need no escaping in a query string).
    entries.push(`${key}=${encodeURIComponent(text).replace(/%2C/g, ',').replace(/%3A/g, ':')}`);
  }
  return entries.length ? `?${entries.join('&')}` : '';
}
