// The URL schema: one declarative table of every parameter a link can carry, with how each
// is read (strictly: no hex, no exponents), written and defaulted. Parsing, serialising,
// the Copy-link address and the tests all come from this table, so nothing on screen can
// be missing from a link.

import { BACKEND_ORDER, type BackendName } from '../core/backend/chooseBackend';
import { CRITERIA, MAX_RATE, NM_PATTERNS, SCHEDULES, SCOPES, STRUCTURES, type PruneMethod } from '../core/method';
import { INPUT_NORM_IDS, type InputNorm } from '../core/io/onnx/onnxNorm';
import { MODEL_IDS, MODEL_INFO, type ModelId } from '../core/models/catalog';
import { HIDEABLE_CONTROLS, THEMES, type HideableControl, type Theme } from '../kit/controls';
import { clip } from '../core/io/echo';

/** Where the lab starts: a fresh model to train, or the shipped model trained with the tutorial's settings. */
export const STARTS = ['scratch', 'trained'] as const;
export type Start = (typeof STARTS)[number];

/**
 * What a copied link was made from when the model on screen was not what its settings
 * recreate (a link carries settings, never weights): a fine-tuned or schedule checkpoint,
 * or an imported model. The opened page says so.
 */
export const LINK_ORIGINS = ['finetuned', 'schedule', 'imported'] as const;
export type LinkOrigin = (typeof LINK_ORIGINS)[number];

/** What the page fetches into the browser's cache once ready, beyond what it needs: everything (a classroom laptop before the lesson). */
export const PRELOADS = ['all'] as const;
export type Preload = (typeof PRELOADS)[number];

export interface UrlState extends Omit<PruneMethod, 'layers' | 'rowLayers'> {
  readonly model: ModelId;
  /** How an imported ONNX model expects its pixels (ONNX files do not say). */
  readonly norm: InputNorm;
  readonly backend: BackendName | null;
  readonly train: number;
  readonly test: number;
  readonly epochs: number;
  readonly seed: number;
  readonly autorun: boolean;
  readonly start: Start;
  /** Layers to prune, and those pruned by whole rows (the method's layers and rowLayers). */
  readonly layers: readonly string[];
  readonly rows: readonly string[];
  /** Controls not shown, in HIDEABLE_CONTROLS order. */
  readonly hide: readonly HideableControl[];
  /** A theme the link asks for; null follows the user's choice or the system setting. */
  readonly theme: Theme | null;
  /** Seconds of silence from the worker, while a call is pending, after which it is restarted; null: the backend's default. */
  readonly watchdog: number | null;
  /** Set only in a copied link whose model was a checkpoint the settings cannot recreate. */
  readonly from: LinkOrigin | null;
  /** Seconds without a byte before a data download counts as stalled. */
  readonly stall: number;
  /** 'all': once ready, fetch every data file of both datasets and every shipped model for offline use. */
  readonly preload: Preload | null;
}

type Key = keyof UrlState;
export type Parsed<T> = { readonly ok: true; readonly value: T; readonly warnings?: readonly string[] } | { readonly ok: false; readonly expected: string };

export interface ParamSpec<K extends Key> {
  readonly key: K;
  /** The value for `raw`, given the model the link chose. */
  readonly parse: (raw: string, model: ModelId) => Parsed<UrlState[K]>;
  readonly format: (value: UrlState[K]) => string;
  /** How the default reads in a warning ("using …"). */
  readonly describe?: (value: UrlState[K]) => string;
}

/** "a or b", "a, b, c or d". */
export function listOr(options: readonly string[]): string {
  return options.length < 2 ? options.join('') : `${options.slice(0, -1).join(', ')} or ${options.at(-1)}`;
}

const ok = <T>(value: T, warnings?: readonly string[]): Parsed<T> => ({ ok: true, value, warnings });
const bad = <T>(expected: string): Parsed<T> => ({ ok: false, expected });

function choice<T extends string>(options: readonly T[]) {
  return (raw: string): Parsed<T> => ((options as readonly string[]).includes(raw) ? ok(raw as T) : bad(`use ${listOr(options)}`));
}

/** Decimal digits only: "0x10", "1e2", "+3" and " 4" are refused. */
function integer(min: number, max: (model: ModelId) => number) {
  return (raw: string, model: ModelId): Parsed<number> => {
    const hi = max(model);
    const expected = `an integer ${min}–${hi}`;
    if (!/^\d{1,10}$/.test(raw)) return bad(expected);
    const n = Number(raw);
    return n >= min && n <= hi ? ok(n) : bad(expected);
  };
}

/** A plain decimal fraction in [0, max], rounded to two decimals. */
function fraction(max: number, expected: string) {
  return (raw: string): Parsed<number> => {
    if (!/^(0|1)?(\.\d{1,6})?$/.test(raw) || raw === '' || raw === '.') return bad(expected);
    const n = Number(raw);
    return n >= 0 && n <= max ? ok(Math.round(n * 100) / 100) : bad(expected);
  };
}

/** Entries of a comma list read at most (a longer list is cut, with a warning). */
export const MAX_LIST = 64;

/** A comma list of allowed names; with `atLeastOne`, a list that selects none (empty, only commas or only unknown names) is refused. */
function list<T extends string>(what: string, allowed: (model: ModelId) => readonly T[], atLeastOne = false) {
  return (raw: string, model: ModelId): Parsed<readonly T[]> => {
    const names = raw.split(',', MAX_LIST + 1).map((n) => n.trim()).filter((n) => n !== '');
    const options = allowed(model);
    const unknown = names.filter((n) => !(options as readonly string[]).includes(n));
    const warnings: string[] = [];
    if (unknown.length > 0) {
      const shown = unknown.slice(0, 3).map((n) => `"${clip(n, 40)}"`).join(', ');
      warnings.push(`Unknown ${what} ${shown}${unknown.length > 3 ? ` and ${unknown.length - 3} more` : ''} (use ${listOr(options)}): ignored.`);
    }
    if (raw.split(',').length > MAX_LIST) warnings.push(`Only the first ${MAX_LIST} entries of a list are read.`);
    const chosen = options.filter((o) => names.includes(o));
    if (atLeastOne && chosen.length === 0) return bad(`at least one ${what}: ${listOr(options)}`);
    return ok(chosen, warnings);
  };
}

const joined = (v: readonly string[]) => v.join(',');

/** The table, in the order parameters appear in a link. `model` comes first: the others depend on it. */
export const URL_SCHEMA: { readonly [K in Key]: ParamSpec<K> } = {
  model: { key: 'model', parse: choice(MODEL_IDS), format: String },
  norm: { key: 'norm', parse: choice(INPUT_NORM_IDS), format: String },
  backend: { key: 'backend', parse: (raw) => choice(BACKEND_ORDER)(raw), format: (v) => v ?? '', describe: () => 'the automatic choice' },
  start: { key: 'start', parse: choice(STARTS), format: String },
  train: { key: 'train', parse: integer(1, (m) => MODEL_INFO[m].maxTrain), format: String },
  test: { key: 'test', parse: integer(1, (m) => MODEL_INFO[m].maxTest), format: String },
  epochs: { key: 'epochs', parse: integer(1, () => 50), format: String },
  seed: { key: 'seed', parse: integer(0, () => 2 ** 31 - 1), format: String },
  rate: { key: 'rate', parse: fraction(MAX_RATE, `a fraction 0–${MAX_RATE}, e.g. 0.9 for 90 %`), format: String },
  scope: { key: 'scope', parse: choice(SCOPES), format: String },
  cap: {
    key: 'cap',
    parse: (raw) => {
      if (raw === 'off') return ok(null);
      const p = fraction(1, '')(raw);
      return p.ok && p.value > 0 ? ok<number | null>(p.value) : bad('off, or a fraction 0.01–1');
    },
    format: (v) => (v === null ? 'off' : String(v)),
    describe: (v) => (v === null ? 'no cap' : String(v)),
  },
  layers: { key: 'layers', parse: list('layer', (m) => MODEL_INFO[m].prunableLayers, true), format: joined },
  rows: { key: 'rows', parse: list('row layer', (m) => MODEL_INFO[m].rowLayers), format: joined },
  criterion: { key: 'criterion', parse: choice(CRITERIA), format: String },
  structure: { key: 'structure', parse: choice(STRUCTURES), format: String },
  nm: { key: 'nm', parse: choice(NM_PATTERNS), format: String },
  schedule: { key: 'schedule', parse: choice(SCHEDULES), format: String },
  stall: { key: 'stall', parse: integer(1, () => 600), format: String },
  preload: { key: 'preload', parse: choice(PRELOADS), format: (v) => v ?? '', describe: () => 'no preload' },
  hide: { key: 'hide', parse: list('control in hide=', () => HIDEABLE_CONTROLS), format: joined },
  theme: { key: 'theme', parse: choice(THEMES), format: (v) => v ?? '', describe: () => 'your saved or system setting' },
  watchdog: { key: 'watchdog', parse: integer(2, () => 3600), format: (v) => (v === null ? '' : String(v)), describe: () => "the backend's default" },
  from: { key: 'from', parse: choice(LINK_ORIGINS), format: (v) => v ?? '', describe: () => 'no marker' },
  autorun: { key: 'autorun', parse: (raw) => (raw === '1' || raw === 'true' ? ok(true) : raw === '0' || raw === 'false' ? ok(false) : bad('use 1 or 0')), format: (v) => (v ? '1' : '0') },
};

export const URL_KEYS = Object.keys(URL_SCHEMA) as Key[];
