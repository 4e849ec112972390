// Connects a LabSession to browser storage: watches its events to store the trained model
// (completed runs only) and every fine-tuned checkpoint, restores them on the next load
// (no retraining; the UI is told when the model was trained), and clears them on Reset.
// Storage failures are reported as a storage status, never as a broken lab.

import type { CheckpointInfo, Emit, LabEvent } from '../protocol/events';
import { referenceModel } from '../core/io/reference';
import type { ReferenceModel } from '../core/io/validateModel';
import type { LabSession } from './labSession';
import type { ExperimentStorage, SavedCheckpoint, TrainRunSummary } from '../core/persist/experimentStorage';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class SessionPersistence {
  private epochAccuracies: number[] = [];
  private run: (TrainRunSummary & { readonly stopped: boolean }) | null = null;
  private restoring = false;
  /** True once checkpoint 0 of the current model is stored (fine-tunes are stored only then). */
  private baseStored = false;
  private savedAt: number | null = null;
  private stored = 0;
  private reference: ReferenceModel | null = null;
  /** Saves run one after another, in commit order. */
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly storage: ExperimentStorage,
    private readonly emit: Emit,
    private readonly session: () => LabSession | null,
  ) {}

  private referenceFor(session: LabSession): ReferenceModel {
    if (!this.reference) {
      const model = session.buildModel();
      this.reference = referenceModel(model, session.spec.label);
      model.dispose();
    }
    return this.reference;
  }

  /** Sees every event the session emits (call it from the emitter). */
  observe(event: LabEvent): void {
    if (event.type === 'trainStart' && event.kind === 'train') {
      this.epochAccuracies = [];
      this.run = null;
      this.baseStored = false;
    } else if (event.type === 'epochEnd' && !this.run) {
      this.epochAccuracies.push(event.testAccuracy);
    } else if (event.type === 'trainDone' && event.kind === 'train') {
      const { seconds, imagesPerSec, stopped } = event;
      this.run = { seconds, imagesPerSec, stopped, epochAccuracies: this.epochAccuracies };
    } else if (event.type === 'checkpoint' && !this.restoring) {
      const checkpoint = event.checkpoint;
      // After the commit's promise chain: the session holds the new pruning session by then.
      setTimeout(() => {
        this.chain = this.chain.then(() => this.save(checkpoint));
      }, 0);
    }
  }

  private async save(c: CheckpointInfo): Promise<void> {
    const session = this.session();
    const weights = session?.pruningSession?.checkpoint(c.id)?.weights;
    if (!session || !weights) return;
    const dense = c.kind === 'dense' && c.id === 0;
    if (dense ? !this.run || this.run.stopped : c.kind !== 'finetuned' || !this.baseStored) return;
    const savedAt = Date.now();
    const run = dense && this.run ? { seconds: this.run.seconds, imagesPerSec: this.run.imagesPerSec, epochAccuracies: this.run.epochAccuracies } : null;
    try {
      const topology = this.referenceFor(session).topology;
      const kind = dense ? 'dense' : 'finetuned';
      if (!(await this.storage.save(c.id, topology, weights, { kind, sparsity: c.sparsity, accuracy: c.accuracy, savedAt, run }))) return;
      if (dense) {
        this.baseStored = true;
        this.savedAt = savedAt;
        this.stored = 0;
      }
      this.stored++;
      this.emit({
        type: 'storage',
        status: 'saved',
        savedAt: this.savedAt,
        checkpoints: this.stored,
        message: `Saved in this browser (${this.stored} checkpoint${this.stored > 1 ? 's' : ''}): a reload restores it without retraining.`,
      });
    } catch (e) {
      this.unavailable(`Could not save in this browser's storage (${errorText(e)}). The lab works; a reload will train again.`);
    }
  }

  private unavailable(message: string): void {
    this.emit({ type: 'storage', status: 'unavailable', savedAt: null, checkpoints: 0, message });
  }

  /** Restores the stored experiment into `session`; false (and a status) when there is none. */
  async restore(session: LabSession): Promise<boolean> {
    let saved: SavedCheckpoint[];
    try {
      saved = await this.storage.load(this.referenceFor(session));
    } catch (e) {
      this.unavailable(`This browser's storage cannot be read (${errorText(e)}), so the model will be trained.`);
      return false;
    }
    if (saved.length === 0) {
      this.emit({ type: 'storage', status: 'none', savedAt: null, checkpoints: 0, message: 'Nothing saved for these settings yet.' });
      return false;
    }
    const [dense, ...finetuned] = saved;
    const run = dense.meta.run ?? { seconds: 0, imagesPerSec: 0, epochAccuracies: [] };
    this.restoring = true;
    try {
      this.emit({
        type: 'restored',
        savedAt: dense.meta.savedAt,
        testAccuracy: dense.meta.accuracy,
        seconds: run.seconds,
        imagesPerSec: run.imagesPerSec,
        epochAccuracies: run.epochAccuracies,
        params: dense.weights.values.reduce((n, v) => n + v.length, 0),
      });
      const pruning = await session.adopt(dense.weights, dense.meta.accuracy, 'dense');
      for (const c of finetuned) await pruning.addCheckpoint('finetuned', c.weights, c.meta.sparsity, c.meta.accuracy);
    } finally {
      this.restoring = false;
    }
    this.baseStored = true;
    this.savedAt = dense.meta.savedAt;
    this.stored = saved.length;
    this.emit({
      type: 'storage',
      status: 'restored',
      savedAt: dense.meta.savedAt,
      checkpoints: saved.length,
      message: `Restored from this browser's storage (${saved.length} checkpoint${saved.length > 1 ? 's' : ''}), trained ${new Date(dense.meta.savedAt).toISOString()}.`,
    });
    return true;
  }

  /** Removes every stored PruneLab model; the caller reloads or retrains. */
  async reset(): Promise<void> {
    await this.chain;
    const removed = await this.storage.clearAll();
    this.baseStored = false;
    this.savedAt = null;
    this.stored = 0;
    this.emit({ type: 'storage', status: 'cleared', savedAt: null, checkpoints: 0, message: `Removed ${removed} saved model${removed === 1 ? '' : 's'} from this browser.` });
  }
}
