// Connects a LabSession to browser storage: every committed checkpoint of a completed
// training or of an import (the dense or imported model first, then fine-tunes, schedules
// and later imports, each with the stored checkpoint it descends from) is stored, the next load
// of the same experiment restores them instead of retraining, and Reset clears them.
// "Saved" is reported only once the write has committed; a full store is said plainly,
// with Export as the way to keep the model. Storage trouble never breaks the lab.

import { referenceModel } from '../core/io/reference';
import type { ReferenceModel } from '../core/io/validateModel';
import type { PruneMethod } from '../core/method';
import type { ExperimentStorage, SavedCheckpoint, SavedCheckpointMeta, StorageInventory } from '../core/persist/experimentStorage';
import type { StoredOrigin } from '../core/persist/checkpointMeta';
import type { WeightSnapshot } from '../core/weights';
import type { Emit } from '../protocol/events';
import type { CheckpointInfo, RestoredRun, StorageState } from '../protocol/results';
import { methodSummary, type CheckpointOrigin } from './checkpointLabel';
import type { CheckpointSink } from './checkpointSink';
import type { LabSession } from './labSession';
import { keptAsideText, restoredOrigins, restoredRoots } from './restoredHistory';
import type { RunOutcome } from './runs';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

const plural = (n: number) => `${n} checkpoint${n === 1 ? '' : 's'}`;

interface WaitingSave {
  readonly info: CheckpointInfo;
  readonly weights: WeightSnapshot;
  readonly run: RunOutcome | null;
  readonly origin?: CheckpointOrigin;
  readonly name?: string;
}

export class SessionPersistence implements CheckpointSink {
  private stored = 0;
  private savedAt: number | null = null;
  private reference: ReferenceModel | null = null;
  /** The stored id of each stored checkpoint, keyed by its weights (session ids restart with each training). */
  private storedIds = new WeakMap<WeightSnapshot, number>();
  private state: StorageState = { status: 'none', savedAt: null, checkpoints: 0, message: 'Nothing saved for these settings yet.' };
  /** Checkpoints the browser had no room for, oldest first: written again before the next one. */
  private waiting: WaitingSave[] = [];
  /** What the last restore could not restore (kept aside), in words; shown until Reset. */
  private unrestored: string | null = null;
  /** Ends the watch of other tabs (watchOtherTabs). */
  private unwatch: (() => void) | null = null;

  constructor(
    private readonly storage: ExperimentStorage,
    private readonly emit: Emit,
    private readonly lab: () => LabSession | null,
  ) {}

  get current(): StorageState {
    return this.state;
  }

  private set(state: StorageState): StorageState {
    this.state = this.unrestored === null ? state : { ...state, unrestored: this.unrestored };
    this.emit({ type: 'storage', storage: this.state });
    return this.state;
  }

  private referenceFor(lab: LabSession): ReferenceModel {
    if (!this.reference) {
      const model = lab.buildModel();
      this.reference = referenceModel(model, lab.spec.label);
      model.dispose();
    }
    return this.reference;
  }

  /** How a checkpoint was made, with its parent as a stored id; nothing when the parent is not stored. */
  private storedOrigin(lab: LabSession, origin: CheckpointOrigin | undefined, name: string | undefined): { origin?: StoredOrigin; name?: string } {
    if (!origin) return name === undefined ? {} : { name };
    let parent: number | null = null;
    if (origin.parent !== null) {
      const parentWeights = lab.pruning?.checkpoint(origin.parent)?.weights;
      const stored = parentWeights ? this.storedIds.get(parentWeights) : undefined;
      if (stored === undefined) return {};
      parent = stored;
    }
    const how = typeof origin.method === 'string' ? origin.method : origin.method ? methodSummary(origin.method) : null;
    const inEpoch = origin.stoppedInEpoch === undefined ? {} : { stoppedInEpoch: origin.stoppedInEpoch };
    return { origin: { parent, epochs: origin.epochs, stopped: origin.stopped ?? false, ...inEpoch, how, name: name ?? null } };
  }

  /**
   * Stores a committed checkpoint; resolves once the write committed (or failed, which is
   * reported). A checkpoint the browser had no room for waits in memory and is written
   * again, in order and dense model first, with the next one: storage that recovers is used.
   */
  async saved(info: CheckpointInfo, weights: WeightSnapshot, run: RunOutcome | null, origin?: CheckpointOrigin, name?: string): Promise<void> {
    // Checkpoint #0 (trained, shipped, or imported into an untrained lab) starts the stored history.
    const dense = info.id === 0;
    if (dense) this.waiting = [];
    else if (this.stored === 0 && !this.waiting.some((w) => w.info.id === 0)) return; // only the history of a stored training or import is kept
    this.waiting.push({ info, weights, run, origin, name });
    while (this.waiting.length > 0) {
      const next = this.waiting[0];
      const outcome = await this.write(next);
      if (outcome === 'retry') return;
      this.waiting.shift();
      if (outcome === 'stop') {
        this.waiting = [];
        return;
      }
    }
  }

  /** One write: 'retry' when the browser had no room (kept waiting), 'stop' when nothing after it can be stored. */
  private async write({ info, weights, run, origin, name }: WaitingSave): Promise<'done' | 'retry' | 'stop'> {
    const dense = info.id === 0;
    const lab = this.lab();
    if (!lab) return 'stop';
    const savedAt = Date.now();
    const rootWeights = lab.pruning?.checkpoint(info.root)?.weights;
    const root = rootWeights ? this.storedIds.get(rootWeights) : undefined;
    if (!dense && info.kind !== 'imported' && root === undefined) {
      // Made from a model that is not the stored one (e.g. a stopped training): restoring it would lie about its origin.
      this.set({ ...this.state, message: `${info.label} is not stored: the model it was made from is not (a stopped or unsaved training). Use Export to keep it.` });
      return 'done';
    }
    const meta: SavedCheckpointMeta = {
      kind: info.kind === 'dense' || info.kind === 'imported' ? info.kind : 'finetuned',
      sparsity: info.sparsity,
      accuracy: info.accuracy,
      savedAt,
      run: dense && run ? { seconds: run.trainSeconds, imagesPerSec: run.itemsPerSec, epochAccuracies: run.epochAccuracies } : null,
      ...(root === undefined || dense ? {} : { root }),
      ...this.storedOrigin(lab, origin, name),
    };
    try {
      const outcome = await this.storage.saveCheckpoint(this.referenceFor(lab).topology, weights, meta, dense);
      switch (outcome.status) {
        case 'saved':
          if (dense) {
            this.savedAt = savedAt;
            this.storedIds = new WeakMap();
          }
          this.storedIds.set(weights, outcome.id);
          this.stored = outcome.checkpoints;
          this.set({ status: 'saved', savedAt: this.savedAt, checkpoints: this.stored, message: `Saved in this browser (${plural(this.stored)}): a reload restores it without retraining.` });
          return 'done';
        case 'full': {
          const later = this.waiting.length > 1 ? ` (nor the ${this.waiting.length - 1} made after it)` : '';
          this.set({
            status: 'full',
            savedAt: this.savedAt,
            checkpoints: this.stored,
            message: `This browser's storage is full, so ${info.label} was not saved${later}. It is tried again with the next checkpoint; use Export to keep it now.`,
          });
          return 'retry';
        }
        case 'limit':
          this.set({ ...this.state, message: `Saved ${plural(outcome.checkpoints)}; ${info.label} is not stored (the limit is reached). Use Export to keep it.` });
          return 'stop';
        case 'superseded':
          this.supersede(info.label);
          return 'stop';
      }
    } catch (e) {
      this.set({ status: 'unavailable', savedAt: this.savedAt, checkpoints: this.stored, message: `Could not save in this browser's storage (${errorText(e)}). The lab works; use Export to keep the model.` });
      return 'stop';
    }
  }

  /** Another tab retrained or reset this experiment: this tab's models are no longer the stored ones. */
  private supersede(label?: string): void {
    this.stored = 0;
    this.storedIds = new WeakMap();
    this.set({
      status: 'unavailable',
      savedAt: null,
      checkpoints: 0,
      message: `Another tab retrained or reset this experiment, so ${label ?? "this tab's models"} ${label ? 'was' : 'are'} not stored here any more. Use Export to keep ${label ? 'it' : 'them'}.`,
    });
  }

  /** Follows what other tabs store for this experiment (returns the unsubscribe, which stopWatching also calls). */
  watchOtherTabs(): () => void {
    this.stopWatching();
    const unwatch = this.storage.watch((change) => {
      if (change.superseded || change.kind === 'cleared') {
        this.supersede();
        return;
      }
      // This tab's own saves are announced too: only more checkpoints than it stored are news.
      if (change.checkpoints <= this.stored) return;
      this.stored = change.checkpoints;
      this.set({ status: 'saved', savedAt: this.savedAt, checkpoints: this.stored, message: `Saved in this browser (${plural(this.stored)}, counting those another tab saved): a reload restores them.` });
    });
    this.unwatch = unwatch;
    return () => this.stopWatching();
  }

  /**
   * Stops following other tabs. A persistence the worker has replaced (an import brought
   * another model) must fall silent: it would read the new one's saves as another tab's.
   */
  stopWatching(): void {
    this.unwatch?.();
    this.unwatch = null;
  }

  /** Restores the stored experiment into `lab`, shown with `method`; null when there is none. */
  async restore(lab: LabSession, method: PruneMethod): Promise<RestoredRun | null> {
    let saved: SavedCheckpoint[];
    try {
      const history = await this.storage.restore(this.referenceFor(lab));
      saved = history.checkpoints;
      this.unrestored = history.keptAside.length > 0 ? keptAsideText(history.keptAside) : null;
    } catch (e) {
      this.set({ status: 'unavailable', savedAt: null, checkpoints: 0, message: `This browser's storage cannot be read (${errorText(e)}), so the model will be trained.` });
      return null;
    }
    const [dense] = saved;
    if (!dense) {
      const message = this.unrestored
        ? 'Nothing could be restored for these settings, and nothing is trained over it on its own: press Train to train anew.'
        : 'Nothing saved for these settings yet.';
      this.set({ status: 'none', savedAt: null, checkpoints: 0, message });
      return null;
    }
    const test = lab.data.test.count;
    this.stored = saved.length;
    const roots = restoredRoots(saved);
    const origins = restoredOrigins(saved);
    const infos = await lab.adopt(
      saved.map((c, i) => ({ weights: c.weights, kind: c.meta.kind, accuracy: c.meta.accuracy, examples: test, root: roots[i], ...origins[i] })),
      method,
    );
    this.storedIds = new WeakMap();
    infos.forEach((info, i) => {
      const w = lab.pruning?.checkpoint(info.id)?.weights;
      if (w) this.storedIds.set(w, saved[i].id);
    });
    const run = dense.meta.run ?? { seconds: 0, imagesPerSec: 0, epochAccuracies: [] };
    const origin = dense.meta.kind === 'imported' ? ('imported' as const) : ('trained' as const);
    this.savedAt = dense.meta.savedAt;
    this.set({
      status: 'restored',
      savedAt: dense.meta.savedAt,
      checkpoints: saved.length,
      message: `Restored from this browser's storage (${plural(saved.length)}), ${origin} ${new Date(dense.meta.savedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    });
    return {
      origin,
      savedAt: dense.meta.savedAt,
      testAccuracy: dense.meta.accuracy,
      trainSeconds: run.seconds,
      itemsPerSec: run.imagesPerSec,
      epochAccuracies: run.epochAccuracies,
      params: dense.weights.values.reduce((n, v) => n + v.length, 0),
    };
  }

  /** What Reset would delete: every PruneLab record in this browser, this experiment's and those kept aside. */
  inventory(): Promise<StorageInventory> {
    return this.storage.inventory();
  }

  /** Removes every stored PruneLab model. */
  async reset(): Promise<StorageState> {
    const removed = await this.storage.clearAll();
    this.stored = 0;
    this.waiting = [];
    this.unrestored = null;
    this.storedIds = new WeakMap();
    this.savedAt = null;
    return this.set({ status: 'cleared', savedAt: null, checkpoints: 0, message: `Removed ${removed} saved model${removed === 1 ? '' : 's'} from this browser.` });
  }
}
