// Saved checkpoints of one experiment, so that a reload restores the trained model instead
// of retraining. The key encodes everything that determines the trained weights (model,
// example counts, epochs, seed, data version, storage format): another URL never loads a
// wrong model. A trained dense model (or a model imported into an untrained lab) starts a
// generation (a random id in the entry names); fine-tuned and imported checkpoints join the
// generation of the first model they came after, each under an id taken inside the same
// atomic store update, so tabs on one experiment add to one history and never overwrite each other. A tab whose dense model was replaced (a
// retraining or a Reset elsewhere) is told so instead of writing into a foreign history.
// Entries are validated like an import; one that fails is moved aside (never deleted
// silently) and reported; each committed change is announced to other tabs.

import { snapshotArtifacts } from '../io/modelFiles';
import { checkTopology, readWeights, type ReferenceModel } from '../io/validateModel';
import type { ArtifactStore } from './artifactStore';
import { parseMeta, type SavedCheckpointMeta } from './checkpointMeta';
import { broadcastChanges, type ChangeChannel, type StorageChange } from './storageChannel';
import { isStorageFull } from './storageErrors';
import type { WeightSnapshot } from '../weights';
import type { KeptAside, SavedCheckpoint, StorageInventory, StoredHistory } from './storedHistory';

export type { SavedCheckpointMeta, TrainRunSummary } from './checkpointMeta';
export type { KeptAside, SavedCheckpoint, StorageInventory, StoredHistory } from './storedHistory';

/** Bump when training changes so that stored models of the old code are not restored. */
export const STORAGE_FORMAT = 1;
export const ENTRY_PREFIX = 'prunelab-';
/** Checkpoints (dense included) stored per experiment; later ones stay in memory only. */
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

export type SaveOutcome =
  /** Committed: `checkpoints` are stored for the experiment now (other tabs' included). */
  | { readonly status: 'saved'; readonly id: number; readonly checkpoints: number }
  /** The browser's storage is full: nothing was saved (offer Export). */
  | { readonly status: 'full'; readonly message: string }
  /** MAX_STORED_CHECKPOINTS are stored already. */
  | { readonly status: 'limit'; readonly checkpoints: number }
  /** The stored dense model is no longer this tab's (retrained or Reset elsewhere): not saved. */
  | { readonly status: 'superseded' };

export interface StoredSummary {
  readonly checkpoints: number;
  readonly generation: string | null;
  /** This object's history is no longer the stored one. */
  readonly superseded: boolean;
}

export interface ExperimentStorageOptions {
  /** Where changes are announced and heard (default: the BroadcastChannel; null: nowhere). */
  readonly channel?: ChangeChannel | null;
}

interface Entry {
  readonly name: string;
  /** '' for entries written before generations existed (named "…-c<i>"). */
  readonly generation: string;
  readonly index: number;
}

const ENTRY = /^(?:g([0-9a-z]+)-)?c(\d+)$/;
/** Unreadable entries are renamed "<prefix>kept-aside-<time>-<old name>": no history reads them, only Reset removes them. */
const KEPT_ASIDE = 'kept-aside-';


function newGeneration(): string {
  const random = new Uint32Array(2);
  globalThis.crypto.getRandomValues(random);
  // Time first, so that if two dense entries ever coexist the newer one wins.
  return Date.now().toString(36).padStart(9, '0') + Array.from(random, (r) => r.toString(36).padStart(7, '0')).join('');
}

export class ExperimentStorage {
  /** The generation this object's model belongs to: set by load (restore) and by saving a dense model. */
  private generation: string | null = null;
  private readonly channel: ChangeChannel | null;

  constructor(
    private readonly store: ArtifactStore,
    readonly key: string,
    options: ExperimentStorageOptions = {},
  ) {
    this.channel = options.channel === undefined ? broadcastChanges() : options.channel;
  }

  private get prefix(): string {
    return `${ENTRY_PREFIX}${this.key}-`;
  }

  private nameOf(generation: string, index: number): string {
    return `${this.prefix}${generation ? `g${generation}-` : ''}c${index}`;
  }

  /** The store name of entry `index` of this object's generation. */
  entryName(index: number): string {
    return this.nameOf(this.generation ?? '', index);
  }

  private entries(names: readonly string[]): Entry[] {
    const out: Entry[] = [];
    for (const name of names) {
      const m = name.startsWith(this.prefix) ? ENTRY.exec(name.slice(this.prefix.length)) : null;
      if (m) out.push({ name, generation: m[1] ?? '', index: Number(m[2]) });
    }
    return out.sort((a, b) => a.index - b.index);
  }

  /** The stored history: the newest generation that has a dense entry, and its entries in order. */
  private current(entries: readonly Entry[]): { generation: string | null; entries: Entry[] } {
    let generation: string | null = null;
    for (const e of entries) if (e.index === 0 && (generation === null || e.generation > generation)) generation = e.generation;
    return { generation, entries: generation === null ? [] : entries.filter((e) => e.generation === generation) };
  }

  private announce(change: StorageChange): void {
    this.channel?.post(change);
  }

  /**
   * Stores a checkpoint. A root (a dense model; an imported one when `root` says so) starts
   * a new history (removing the experiment's old entries in the same step); any other is
   * added to this object's history under the next free id. Resolves after the commit; a
   * full storage is an outcome, any other storage failure a StorageError.
   */
  async saveCheckpoint(topology: object, weights: WeightSnapshot, meta: SavedCheckpointMeta, root = meta.kind === 'dense'): Promise<SaveOutcome> {
    if (meta.kind === 'finetuned' && root) throw new Error('A fine-tuned checkpoint cannot start a history.');
    const artifacts = snapshotArtifacts(topology, weights, { prunelab: meta });
    const generation = root ? newGeneration() : this.generation;
    let outcome: SaveOutcome;
    try {
      outcome = await this.store.update<SaveOutcome>(this.prefix, (names) => {
        const all = this.entries(names);
        if (root) return { remove: all.map((e) => e.name), put: [[this.nameOf(generation ?? '', 0), artifacts]], result: { status: 'saved', id: 0, checkpoints: 1 } };
        const stored = this.current(all);
        if (generation === null || stored.generation !== generation) return { result: { status: 'superseded' } };
        if (stored.entries.length >= MAX_STORED_CHECKPOINTS) return { result: { status: 'limit', checkpoints: stored.entries.length } };
        const id = Math.max(...stored.entries.map((e) => e.index)) + 1;
        return { put: [[this.nameOf(generation, id), artifacts]], result: { status: 'saved', id, checkpoints: stored.entries.length + 1 } };
      });
    } catch (e) {
      if (isStorageFull(e)) return { status: 'full', message: e.message };
      throw e;
    }
    if (outcome.status === 'saved') {
      if (root) this.generation = generation;
      this.announce({ key: this.key, kind: 'saved', generation, checkpoints: outcome.checkpoints });
    }
    return outcome;
  }

  /**
   * Moves exactly `entries` aside (if they are still stored) under names no history reads,
   * so that nothing unreadable is ever deleted without a word: only Reset removes them.
   * Best effort: storage that cannot rename can still be read, and restoring goes on.
   */
  private async keepAside(entries: readonly Entry[]): Promise<void> {
    if (entries.length === 0) return;
    const stamp = Date.now().toString(36);
    try {
      await this.store.update(this.prefix, (stored) => ({
        move: entries.filter((e) => stored.includes(e.name)).map((e) => [e.name, `${this.prefix}${KEPT_ASIDE}${stamp}-${e.name.slice(this.prefix.length)}`] as const),
        result: undefined,
      }));
    } catch {
      // Left where they are: skipped again next time.
    }
  }

  private async read(name: string, reference: ReferenceModel): Promise<{ meta: SavedCheckpointMeta; weights: WeightSnapshot } | { problem: string }> {
    const a = await this.store.load(name);
    if (!a) return { problem: 'its record is not model artifacts PruneLab wrote' };
    const meta = parseMeta(a.userDefinedMetadata?.prunelab);
    if (!meta) return { problem: 'its summary (kind, accuracy, date) is missing or malformed' };
    try {
      checkTopology(a.modelTopology as Record<string, unknown>, reference);
      const manifest = [{ paths: ['weights'], weights: a.weightSpecs.map((w) => ({ ...w })) }];
      return { meta, weights: readWeights({ topology: {}, manifest }, new Map([['weights', a.weightData]]), reference) };
    } catch (e) {
      return { problem: e instanceof Error ? e.message : String(e) };
    }
  }

  /**
   * Every stored checkpoint of the experiment, in id order, validated against `reference`; none
   * without a usable dense model. Unusable entries are moved aside, not deleted, and listed (an
   * unreadable dense model takes its whole history aside). This object joins the restored history.
   */
  async restore(reference: ReferenceModel): Promise<StoredHistory> {
    const names = await this.store.list();
    const all = this.entries(names);
    // Kept aside by an earlier load: named again on every load, until Reset.
    const earlier = names.flatMap((n) => {
      const m = n.startsWith(`${this.prefix}${KEPT_ASIDE}`) ? /-c(\d+)$/.exec(n) : null;
      return m ? [{ id: Number(m[1]), problem: 'kept aside by an earlier load, as unreadable' }] : [];
    });
    const stored = this.current(all);
    // Entries outside the stored history (no dense model of theirs) can never be restored.
    const aside: Entry[] = all.filter((e) => e.generation !== stored.generation);
    const keptAside: KeptAside[] = aside.map((e) => ({ id: e.index, problem: 'it belongs to no stored model (its dense model is missing)' }));
    const [dense, ...finetuned] = stored.entries;
    const first = dense ? await this.read(dense.name, reference) : null;
    if (!dense || !first || 'problem' in first || first.meta.kind === 'finetuned') {
      const problem = first === null ? 'no dense model' : 'problem' in first ? first.problem : 'the first record is a fine-tune, not a trained or imported model';
      if (dense) keptAside.unshift(...stored.entries.map((e, i) => ({ id: e.index, problem: i === 0 ? problem : 'the model it was made from could not be read' })));
      await this.keepAside([...stored.entries, ...aside]);
      this.generation = null;
      return { checkpoints: [], keptAside: [...keptAside, ...earlier] };
    }
    this.generation = stored.generation;
    const out: SavedCheckpoint[] = [{ id: 0, ...first }];
    for (const e of finetuned) {
      const c = await this.read(e.name, reference);
      if (!('problem' in c) && c.meta.kind !== 'dense') out.push({ id: e.index, ...c });
      else {
        aside.push(e);
        keptAside.push({ id: e.index, problem: 'problem' in c ? c.problem : 'a second dense model in one history' });
      }
    }
    await this.keepAside(aside);
    return { checkpoints: out, keptAside: [...keptAside, ...earlier] };
  }

  /** The restorable checkpoints only (see restore, which also says what was kept aside). */
  async load(reference: ReferenceModel): Promise<SavedCheckpoint[]> {
    return (await this.restore(reference)).checkpoints;
  }

  /** How many records of any experiment are stored, and how many of them were kept aside as unreadable. */
  async inventory(): Promise<StorageInventory> {
    const names = (await this.store.list()).filter((n) => n.startsWith(ENTRY_PREFIX));
    return {
      entries: names.length,
      keptAside: names.filter((n) => n.includes(`-${KEPT_ASIDE}`)).length,
      thisExperiment: this.entries(names).length,
    };
  }

  /** What is stored for the experiment now, and whether this object's history is still it. */
  async stored(): Promise<StoredSummary> {
    const { generation, entries } = this.current(this.entries(await this.store.list()));
    return { checkpoints: entries.length, generation, superseded: this.generation !== null && generation !== this.generation };
  }

  /**
   * Calls `listener` when another tab changes this experiment's storage (or clears all):
   * with what is stored now and whether this object's history was replaced. Returns the
   * unsubscribe.
   */
  watch(listener: (change: StorageChange & { readonly superseded: boolean }) => void): () => void {
    if (!this.channel) return () => undefined;
    return this.channel.listen((change) => {
      if (change.key !== this.key && change.key !== null) return;
      listener({ ...change, superseded: this.generation !== null && change.generation !== this.generation });
    });
  }

  /** Removes this experiment's entries. */
  async clear(): Promise<void> {
    await this.store.update(this.prefix, (names) => ({ remove: this.entries(names).map((e) => e.name), result: undefined }));
    this.generation = null;
    this.announce({ key: this.key, kind: 'cleared', generation: null, checkpoints: 0 });
  }

  /** Removes every PruneLab entry (all experiments, in one step); returns how many. */
  async clearAll(): Promise<number> {
    const removed = await this.store.update(ENTRY_PREFIX, (names) => ({ remove: names, result: names.length }));
    this.generation = null;
    this.announce({ key: null, kind: 'cleared', generation: null, checkpoints: 0 });
    return removed;
  }
}
