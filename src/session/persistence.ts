// Connects a LabSession to browser storage: every committed checkpoint of a completed
// training (the dense model first, then fine-tunes and schedules) is stored, the next load
// of the same experiment restores them instead of retraining, and Reset clears them.
// "Saved" is reported only once the write has committed; a full store is said plainly,
// with Export as the way to keep the model. Storage trouble never breaks the lab.

import { referenceModel } from '../core/io/reference';
import type { ReferenceModel } from '../core/io/validateModel';
import type { PruneMethod } from '../core/method';
import type { ExperimentStorage, SavedCheckpoint } from '../core/persist/experimentStorage';
import type { WeightSnapshot } from '../core/weights';
import type { Emit } from '../protocol/events';
import type { CheckpointInfo, RestoredRun, StorageState } from '../protocol/results';
import type { CheckpointSink, LabSession } from './labSession';
import type { RunOutcome } from './runs';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

const plural = (n: number) => `${n} checkpoint${n === 1 ? '' : 's'}`;

export class SessionPersistence implements CheckpointSink {
  private stored = 0;
  private savedAt: number | null = null;
  private reference: ReferenceModel | null = null;
  private state: StorageState = { status: 'none', savedAt: null, checkpoints: 0, message: 'Nothing saved for these settings yet.' };

  constructor(
    private readonly storage: ExperimentStorage,
    private readonly emit: Emit,
    private readonly lab: () => LabSession | null,
  ) {}

  get current(): StorageState {
    return this.state;
  }

  private set(state: StorageState): StorageState {
    this.state = state;
    this.emit({ type: 'storage', storage: state });
    return state;
  }

  private referenceFor(lab: LabSession): ReferenceModel {
    if (!this.reference) {
      const model = lab.buildModel();
      this.reference = referenceModel(model, lab.spec.label);
      model.dispose();
    }
    return this.reference;
  }

  /** Stores a committed checkpoint; resolves once the write committed (or failed, which is reported). */
  async saved(info: CheckpointInfo, weights: WeightSnapshot, run: RunOutcome | null): Promise<void> {
    const dense = info.kind === 'dense';
    if (!dense && this.stored === 0) return; // only the history of a stored training is kept
    const lab = this.lab();
    if (!lab) return;
    const savedAt = Date.now();
    const meta = {
      kind: dense ? ('dense' as const) : ('finetuned' as const),
      sparsity: info.sparsity,
      accuracy: info.accuracy,
      savedAt,
      run: dense && run ? { seconds: run.trainSeconds, imagesPerSec: run.itemsPerSec, epochAccuracies: run.epochAccuracies } : null,
    };
    try {
      const outcome = await this.storage.saveCheckpoint(this.referenceFor(lab).topology, weights, meta);
      switch (outcome.status) {
        case 'saved':
          if (dense) this.savedAt = savedAt;
          this.stored = outcome.checkpoints;
          this.set({ status: 'saved', savedAt: this.savedAt, checkpoints: this.stored, message: `Saved in this browser (${plural(this.stored)}): a reload restores it without retraining.` });
          return;
        case 'full':
          this.set({ status: 'full', savedAt: this.savedAt, checkpoints: this.stored, message: `This browser's storage is full, so ${info.label} was not saved. Use Export to keep it.` });
          return;
        case 'limit':
          this.set({ ...this.state, message: `Saved ${plural(outcome.checkpoints)}; ${info.label} is not stored (the limit is reached). Use Export to keep it.` });
          return;
        case 'superseded':
          this.supersede(info.label);
          return;
      }
    } catch (e) {
      this.set({ status: 'unavailable', savedAt: this.savedAt, checkpoints: this.stored, message: `Could not save in this browser's storage (${errorText(e)}). The lab works; use Export to keep the model.` });
    }
  }

  /** Another tab retrained or reset this experiment: this tab's models are no longer the stored ones. */
  private supersede(label?: string): void {
    this.stored = 0;
    this.set({
      status: 'unavailable',
      savedAt: null,
      checkpoints: 0,
      message: `Another tab retrained or reset this experiment, so ${label ?? "this tab's models"} ${label ? 'was' : 'are'} not stored here any more. Use Export to keep ${label ? 'it' : 'them'}.`,
    });
  }

  /** Follows what other tabs store for this experiment (returns the unsubscribe). */
  watchOtherTabs(): () => void {
    return this.storage.watch((change) => {
      if (change.superseded || change.kind === 'cleared') {
        this.supersede();
        return;
      }
      // This tab's own saves are announced too: only more checkpoints than it stored are news.
      if (change.checkpoints <= this.stored) return;
      this.stored = change.checkpoints;
      this.set({ status: 'saved', savedAt: this.savedAt, checkpoints: this.stored, message: `Saved in this browser (${plural(this.stored)}, counting those another tab saved): a reload restores them.` });
    });
  }

  /** Restores the stored experiment into `lab`, shown with `method`; null when there is none. */
  async restore(lab: LabSession, method: PruneMethod): Promise<RestoredRun | null> {
    let saved: SavedCheckpoint[];
    try {
      saved = await this.storage.load(this.referenceFor(lab));
    } catch (e) {
      this.set({ status: 'unavailable', savedAt: null, checkpoints: 0, message: `This browser's storage cannot be read (${errorText(e)}), so the model will be trained.` });
      return null;
    }
    const [dense] = saved;
    if (!dense) {
      this.set({ status: 'none', savedAt: null, checkpoints: 0, message: 'Nothing saved for these settings yet.' });
      return null;
    }
    const test = lab.data.test.count;
    this.stored = saved.length;
    await lab.adopt(
      saved.map((c, i) => ({ weights: c.weights, kind: i === 0 ? ('dense' as const) : ('finetuned' as const), accuracy: c.meta.accuracy, examples: test })),
      method,
    );
    const run = dense.meta.run ?? { seconds: 0, imagesPerSec: 0, epochAccuracies: [] };
    this.savedAt = dense.meta.savedAt;
    this.set({
      status: 'restored',
      savedAt: dense.meta.savedAt,
      checkpoints: saved.length,
      message: `Restored from this browser's storage (${plural(saved.length)}), trained ${new Date(dense.meta.savedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    });
    return {
      savedAt: dense.meta.savedAt,
      testAccuracy: dense.meta.accuracy,
      trainSeconds: run.seconds,
      itemsPerSec: run.imagesPerSec,
      epochAccuracies: run.epochAccuracies,
      params: dense.weights.values.reduce((n, v) => n + v.length, 0),
    };
  }

  /** Removes every stored PruneLab model. */
  async reset(): Promise<StorageState> {
    const removed = await this.storage.clearAll();
    this.stored = 0;
    this.savedAt = null;
    return this.set({ status: 'cleared', savedAt: null, checkpoints: 0, message: `Removed ${removed} saved model${removed === 1 ? '' : 's'} from this browser.` });
  }
}
