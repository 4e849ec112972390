// The worker side of the pruning science: the method in force (criterion, structure), which
// new pruning sessions (after training, a restore or an import) adopt before their first
// slider request, and the long jobs (sweep, sensitivity, schedules, compaction). Keeps
// lab.worker.ts a thin switch. Every science request ends with one 'jobDone' event;
// failures are reported as 'error' events first, and 'stop' aborts a job through the session.

import type { PruneRequest } from '../core/prune/controller';
import type { Criterion } from '../core/prune/scores';
import type { Structure } from '../core/prune/structure';
import type { LabSession } from '../session/labSession';
import { scienceJobOf, type ErrorStage, type PruneRequestMessage, type ScienceRequest, type WorkerEvent } from '../protocol/messages';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** What the science jobs need from the slider's scheduler: drop pending measurements, run one. */
export interface SliderScheduler {
  cancel(): void;
  submit(job: { readonly id: number; readonly request: PruneRequest; readonly final: boolean }): Promise<void>;
}

export class WorkerScience {
  private criterion: Criterion = 'magnitude';
  private structure: Structure = 'weights';
  private rescoring: Promise<void> | null = null;

  constructor(
    private readonly post: (event: WorkerEvent) => void,
    private readonly slider: SliderScheduler,
  ) {}

  /** A slider request with the structure in force. */
  withStructure(req: PruneRequestMessage): PruneRequestMessage {
    return { ...req, request: { ...req.request, structure: this.structure } };
  }

  /**
   * Resolves once the session's pruning ranks by the chosen criterion: a fresh pruning
   * session (trained, restored, imported) starts with magnitude and is rescored here.
   */
  ready(session: LabSession | null): Promise<void> {
    const pruning = session?.pruningSession;
    if (!session || !pruning || this.rescoring || pruning.scoringSettings.criterion === this.criterion) {
      return this.rescoring ?? Promise.resolve();
    }
    const run = session.setCriterion(this.criterion).finally(() => {
      if (this.rescoring === run) this.rescoring = null;
    });
    this.rescoring = run;
    return run;
  }

  async handle(req: ScienceRequest, session: LabSession | null): Promise<void> {
    const job = scienceJobOf(req);
    const stage: ErrorStage = req.type === 'schedule' ? 'train' : 'prune';
    let ok = false;
    try {
      if (req.type === 'method') {
        await this.setMethod(req.criterion, req.structure, session);
      } else {
        if (!session?.pruningSession) throw new Error('Train the model first: the science jobs start from a trained model.');
        this.slider.cancel(); // a measurement must not see the job change the weights under it
        await this.ready(session);
        await this.run(req, session);
      }
      ok = true;
    } catch (e) {
      this.post({ type: 'error', stage, message: `${job}: ${errorText(e)}` });
    } finally {
      this.post({ type: 'jobDone', job, ok });
    }
  }

  private async setMethod(criterion: Criterion, structure: Structure, session: LabSession | null): Promise<void> {
    this.criterion = criterion;
    this.structure = structure;
    const pruning = session?.pruningSession;
    if (!session || !pruning) return; // applied once a model is trained
    this.slider.cancel();
    await this.ready(session);
    const current = pruning.outcome?.stats.request;
    // Re-preview the current setting with the new structure and measure it on the full test set.
    if (current) await this.slider.submit({ id: -1, request: { ...current, structure }, final: true });
  }

  private async run(req: Exclude<ScienceRequest, { type: 'method' }>, session: LabSession): Promise<void> {
    switch (req.type) {
      case 'sweep':
        await session.runSweep(req.request);
        return;
      case 'sensitivity':
        await session.runSensitivity(req.request);
        return;
      case 'schedule':
        await session.runSchedule(req.request);
        return;
      case 'compact':
        await session.compact();
        return;
    }
  }
}
