// The summary stored with each checkpoint (in the artifacts' metadata, under "prunelab"):
// what kind of checkpoint it is (trained dense, fine-tuned, or imported from files), its
// sparsity and accuracy, when it was saved, the stored checkpoint it descends from, and the
// training run that made the dense model. Read back defensively: storage is input too.

export interface TrainRunSummary {
  readonly seconds: number;
  readonly imagesPerSec: number;
  readonly epochAccuracies: readonly number[];
}

/** How a stored checkpoint came to be: a history starts with a dense or an imported model. */
export type StoredKind = 'dense' | 'finetuned' | 'imported';

export interface SavedCheckpointMeta {
  readonly kind: StoredKind;
  readonly sparsity: number;
  readonly accuracy: number;
  /** ms since epoch. */
  readonly savedAt: number;
  /** The training run (dense checkpoint only). */
  readonly run: TrainRunSummary | null;
  /** The stored id of the dense or imported checkpoint it descends from (absent: unknown, written by older code). */
  readonly root?: number;
  /** How it was made, so its label reads the same after a restore (absent: unknown, written by older code). */
  readonly origin?: StoredOrigin;
  /** Its name on screen when no origin is known (an imported model's file name). */
  readonly name?: string;
}

/** How a stored checkpoint was made: from which stored checkpoint (null: trained from scratch), for how many epochs, by which method. */
export interface StoredOrigin {
  readonly parent: number | null;
  readonly epochs: number;
  readonly stopped: boolean;
  /** The epoch a stopped run was in when it was stopped (absent: unknown, or not stopped). */
  readonly stoppedInEpoch?: number;
  /** The pruning method in words ("magnitude 90% per layer"); null for a training from scratch. */
  readonly how: string | null;
  /** A schedule's own name for it ("iterative to 92%"); null for a plain fine-tune or training. */
  readonly name: string | null;
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.length <= 200;

function parseOrigin(value: unknown): StoredOrigin | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const o = value as Record<string, unknown>;
  const parent = o.parent === null ? null : Number.isInteger(o.parent) && (o.parent as number) >= 0 ? (o.parent as number) : undefined;
  if (parent === undefined || !Number.isInteger(o.epochs) || (o.epochs as number) < 0 || typeof o.stopped !== 'boolean') return undefined;
  if (!(o.how === null || isText(o.how)) || !(o.name === null || isText(o.name))) return undefined;
  const inEpoch = Number.isInteger(o.stoppedInEpoch) && (o.stoppedInEpoch as number) >= 1 ? { stoppedInEpoch: o.stoppedInEpoch as number } : {};
  return { parent, epochs: o.epochs as number, stopped: o.stopped, ...inEpoch, how: o.how, name: o.name };
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The metadata, or null when it is missing or malformed. */
export function parseMeta(value: unknown): SavedCheckpointMeta | null {
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Record<string, unknown>;
  if ((m.kind !== 'dense' && m.kind !== 'finetuned' && m.kind !== 'imported') || !isNum(m.sparsity) || !isNum(m.accuracy) || !isNum(m.savedAt)) return null;
  let run: TrainRunSummary | null = null;
  if (m.run !== null && m.run !== undefined) {
    const r = m.run as Record<string, unknown>;
    if (!isNum(r.seconds) || !isNum(r.imagesPerSec) || !Array.isArray(r.epochAccuracies) || !r.epochAccuracies.every(isNum)) return null;
    run = { seconds: r.seconds, imagesPerSec: r.imagesPerSec, epochAccuracies: r.epochAccuracies };
  }
  const root = Number.isInteger(m.root) && (m.root as number) >= 0 ? (m.root as number) : undefined;
  const origin = parseOrigin(m.origin);
  const name = isText(m.name) ? { name: m.name } : {};
  return { kind: m.kind, sparsity: m.sparsity, accuracy: m.accuracy, savedAt: m.savedAt, run, ...(root === undefined ? {} : { root }), ...(origin ? { origin } : {}), ...name };
}
