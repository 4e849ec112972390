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
  return { kind: m.kind, sparsity: m.sparsity, accuracy: m.accuracy, savedAt: m.savedAt, run, ...(root === undefined ? {} : { root }) };
}
