// Saved checkpoints of one experiment, so that a reload restores the trained model instead
// of retraining. The key encodes everything that determines the trained weights (model,
// example counts, epochs, seed, data version, storage format): another URL never loads a
// wrong model. Entry i of an experiment is checkpoint i (0 = the trained dense model),
// with its summary in the artifacts' metadata; entries are validated like an import.

import { snapshotArtifacts } from '../io/modelFiles';
import { checkTopology, readWeights, type ReferenceModel } from '../io/validateModel';
import type { ArtifactStore } from './artifactStore';
import type { WeightSnapshot } from '../weights';

/** Bump when training changes so that stored models of the old code are not restored. */
export const STORAGE_FORMAT = 1;
export const ENTRY_PREFIX = 'prunelab-';
/** Fine-tuned checkpoints beyond this many are not stored (the lab keeps them in memory). */
export const MAX_STORED_CHECKPOINTS = 12;

export interface ExperimentParts {
  readonly model: string;
  readonly train: number;
  readonly test: number;
  readonly epochs: number;
  readonly seed: number;
  readonly dataVersion: number;
}

export function experimentKey(p: ExperimentParts): string {
  return `${p.model}-train${p.train}-test${p.test}-ep${p.epochs}-seed${p.seed}-data${p.dataVersion}-f${STORAGE_FORMAT}`;
}

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

export interface SavedCheckpoint {
  readonly meta: SavedCheckpointMeta;
  readonly weights: WeightSnapshot;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function parseMeta(value: unknown): SavedCheckpointMeta | null {
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

export class ExperimentStorage {
  constructor(
    private readonly store: ArtifactStore,
    readonly key: string,
  ) {}

  entryName(index: number): string {
    return `${ENTRY_PREFIX}${this.key}-c${index}`;
  }

  /** Indices of this experiment's stored entries, in order. */
  private async indices(): Promise<number[]> {
    const prefix = `${ENTRY_PREFIX}${this.key}-c`;
    return (await this.store.list())
      .filter((n) => n.startsWith(prefix) && /^\d+$/.test(n.slice(prefix.length)))
      .map((n) => Number(n.slice(prefix.length)))
      .sort((a, b) => a - b);
  }

  /** Stores checkpoint `index`; index 0 (a new training) first removes the experiment's old entries. */
  async save(index: number, topology: object, weights: WeightSnapshot, meta: SavedCheckpointMeta): Promise<boolean> {
    if (index >= MAX_STORED_CHECKPOINTS) return false;
    if (index === 0) await this.clear();
    await this.store.save(this.entryName(index), snapshotArtifacts(topology, weights, { prunelab: meta }));
    return true;
  }

  /**
   * The stored checkpoints, validated against `reference`; [] when nothing usable is
   * stored. A bad entry ends the list there; a bad dense entry drops the experiment.
   */
  async load(reference: ReferenceModel): Promise<SavedCheckpoint[]> {
    const out: SavedCheckpoint[] = [];
    for (const [pos, index] of (await this.indices()).entries()) {
      if (index !== pos) break; // a gap: later entries belong to no consistent history
      const a = await this.store.load(this.entryName(index));
      const meta = a ? parseMeta(a.userDefinedMetadata?.prunelab) : null;
      if (!a || !meta || (index === 0) !== (meta.kind === 'dense')) break;
      try {
        checkTopology(a.modelTopology as Record<string, unknown>, reference);
        const weights = readWeights(
          { topology: {}, manifest: [{ paths: ['weights'], weights: a.weightSpecs.map((w) => ({ ...w })) }] },
          new Map([['weights', a.weightData]]),
          reference,
        );
        out.push({ meta, weights });
      } catch {
        break;
      }
    }
    if (out.length === 0) await this.clear();
    return out;
  }

  /** Removes this experiment's entries. */
  async clear(): Promise<void> {
    for (const i of await this.indices()) await this.store.remove(this.entryName(i));
  }

  /** Removes every PruneLab entry (all experiments); returns how many. */
  async clearAll(): Promise<number> {
    const names = (await this.store.list()).filter((n) => n.startsWith(ENTRY_PREFIX));
    for (const n of names) await this.store.remove(n);
    return names.length;
  }
}
