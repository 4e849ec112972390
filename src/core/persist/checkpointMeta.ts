// The summary stored with each checkpoint (in the artifacts' metadata, under "prunelab"):
// what kind of checkpoint it is, its sparsity and accuracy, when it was saved, and the
// training run that made the dense model. Read back defensively: storage is input too.

export interface TrainRunSummary {
  readonly seconds: number;
  readonly imagesPerSec: number;
  readonly epochAccuracies: readonly number[];
}

export interface SavedCheckpointMeta {
  readonly kind: 'dense' | 'finetuned';
  readonly sparsity: number;
  readonly accuracy: number;
  /** ms since epoch. */
  readonly savedAt: number;
  /** The training run (dense checkpoint only). */
  readonly run: TrainRunSummary | null;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The metadata, or null when it is missing or malformed. */
export function parseMeta(value: unknown): SavedCheckpointMeta | null {
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Record<string, unknown>;
  if ((m.kind !== 'dense' && m.kind !== 'finetuned') || !isNum(m.sparsity) || !isNum(m.accuracy) || !isNum(m.savedAt)) return null;
  let run: TrainRunSummary | null = null;
  if (m.run !== null && m.run !== undefined) {
    const r = m.run as Record<string, unknown>;
    if (!isNum(r.seconds) || !isNum(r.imagesPerSec) || !Array.isArray(r.epochAccuracies) || !r.epochAccuracies.every(isNum)) return null;
    run = { seconds: r.seconds, imagesPerSec: r.imagesPerSec, epochAccuracies: r.epochAccuracies };
  }
  return { kind: m.kind, sparsity: m.sparsity, accuracy: m.accuracy, savedAt: m.savedAt, run };
}
