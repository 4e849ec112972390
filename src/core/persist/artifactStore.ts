// Where saved checkpoints live, behind a small interface: in the browser, IndexedDB
// (indexedDbStore.ts, available in workers too); under Node and in unit tests, memory.
// Entries are whole model artifacts (topology, weights, metadata) under a name. Every
// write resolves only once it is durable and rejects with a StorageError otherwise, and
// `update` reads the names and writes in one atomic step, so two tabs writing at once
// cannot overwrite each other's entries.

import type { ModelArtifactsLike } from '../io/modelFiles';
import { quotaExceeded, storageFailure } from './storageErrors';


/** What an atomic update writes and removes, and what it tells its caller. */
export interface StorePlan<T> {
  readonly put?: readonly (readonly [string, ModelArtifactsLike])[];
  readonly remove?: readonly string[];
  /** Entries renamed [from, to] as they are stored (even when unreadable), applied before `remove` and `put`. */
  readonly move?: readonly (readonly [string, string])[];
  readonly result: T;
}

export interface ArtifactStore {
  /** Stores an entry; resolves once it is committed, rejects with a StorageError when it is not. */
  save(name: string, artifacts: ModelArtifactsLike): Promise<void>;
  /** The stored artifacts, or null when there is no entry of that name. */
  load(name: string): Promise<ModelArtifactsLike | null>;
  remove(name: string): Promise<void>;
  /** Names of every stored entry (read from the stored data itself). */
  list(): Promise<string[]>;
  /**
   * One atomic step: `plan` sees the names that start with `prefix`, as stored now, and
   * says what to write and remove; all of it commits or none does. Resolves with the
   * plan's result after the commit. `plan` must be synchronous.
   */
  update<T>(prefix: string, plan: (names: readonly string[]) => StorePlan<T>): Promise<T>;
}

/** How a simulated write fails: the quota error, or a transaction the browser aborted. */
export type StoreFault = 'quota' | 'abort';

const copyIn = (a: ModelArtifactsLike): ModelArtifactsLike => ({
  ...a,
  weightData: a.weightData.slice(0),
  modelTopology: structuredClone(a.modelTopology),
  ...(a.userDefinedMetadata ? { userDefinedMetadata: structuredClone(a.userDefinedMetadata) } : {}),
});

/**
 * In memory (tests, Node): copies on the way in and out, like a real store. Shared by
 * several ExperimentStorage objects it stands for one browser profile seen by several
 * tabs; `failNextWrites` makes writes fail as a full or refusing browser would.
 */
export class MemoryArtifactStore implements ArtifactStore {
  private readonly entries = new Map<string, ModelArtifactsLike>();
  private readonly faults: StoreFault[] = [];

  /** The next `count` writes (save, remove or update) fail with `fault`, changing nothing. */
  failNextWrites(fault: StoreFault, count = 1): void {
    for (let i = 0; i < count; i++) this.faults.push(fault);
  }

  /** Applies a write atomically, or fails it like the browser would (nothing changes). */
  private async commit<T>(write: () => T): Promise<T> {
    await Promise.resolve(); // a commit completes after the caller's synchronous code, as in IndexedDB
    const fault = this.faults.shift();
    if (fault) throw storageFailure(fault === 'quota' ? quotaExceeded() : null, true);
    return write();
  }

  save(name: string, a: ModelArtifactsLike): Promise<void> {
    const copy = copyIn(a);
    return this.commit(() => void this.entries.set(name, copy));
  }

  async load(name: string): Promise<ModelArtifactsLike | null> {
    const a = this.entries.get(name);
    return a ? copyIn(a) : null;
  }

  remove(name: string): Promise<void> {
    return this.commit(() => void this.entries.delete(name));
  }

  async list(): Promise<string[]> {
    return [...this.entries.keys()];
  }

  update<T>(prefix: string, plan: (names: readonly string[]) => StorePlan<T>): Promise<T> {
    return this.commit(() => {
      const p = plan([...this.entries.keys()].filter((n) => n.startsWith(prefix)));
      const puts = (p.put ?? []).map(([name, a]) => [name, copyIn(a)] as const);
      for (const [from, to] of p.move ?? []) {
        const a = this.entries.get(from);
        if (!a) continue;
        this.entries.delete(from);
        this.entries.set(to, a);
      }
      for (const name of p.remove ?? []) this.entries.delete(name);
      for (const [name, a] of puts) this.entries.set(name, a);
      return p.result;
    });
  }
}
