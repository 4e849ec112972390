// Drives a PruneSession from a script the way the app's slider does (preview, then an
// accuracy estimate, then the full test set) and reads the results back from the
// session's events.
// Why this file exists: a PruneSession reports only through events tagged with a request
// id; this keeps the event log and the id counter together so a script can ask
// "what did request N measure?" directly.
import type { LabEvent } from '../../../src/protocol/events';
import type { PruneRequest } from '../../../src/core/prune/controller';
import { PruneSession, type PruneSessionDeps } from '../../../src/session/pruneSession';
import { layerSparsity, pct, type OneShotResult, type SensitivityResult } from './pruningReport';

export type EventOf<T extends LabEvent['type']> = Extract<LabEvent, { type: T }>;

export class PruneProbe {
  private nextId = 1;

  private constructor(
    readonly session: PruneSession,
    readonly events: LabEvent[],
    private readonly log: (line: string) => void,
  ) {}

  /** A session on the trained dense model (`deps` without `emit`: the probe collects the events). */
  static async open(deps: Omit<PruneSessionDeps, 'emit'>, denseAccuracy: number, log: (line: string) => void): Promise<PruneProbe> {
    const events: LabEvent[] = [];
    const session = await PruneSession.fromTrained({ ...deps, emit: (e) => events.push(e) }, denseAccuracy);
    return new PruneProbe(session, events, log);
  }

  /** A fresh request id (it ties a preview to the events it causes). */
  id(): number {
    return this.nextId++;
  }

  /** The most recent event of `type` matching `pred`; throws when there is none. */
  lastEvent<T extends LabEvent['type']>(type: T, pred: (e: EventOf<T>) => boolean = () => true): EventOf<T> {
    for (let i = this.events.length - 1; i >= 0; i--) {
      const e = this.events[i];
      if (e.type === type && pred(e as EventOf<T>)) return e as EventOf<T>;
    }
    throw new Error(`no ${type} event`);
  }

  /** One-shot pruning (no fine-tuning): stats, estimate, full test accuracy and sizes. */
  async oneShot(name: string, req: PruneRequest): Promise<OneShotResult> {
    const id = this.id();
    this.session.preview(id, req);
    await this.session.measure(id, false);
    await this.session.measure(id, true);
    const stats = this.lastEvent('pruneStats', (e) => e.id === id).stats;
    const est = this.lastEvent('pruneAccuracy', (e) => e.id === id && e.estimate);
    const full = this.lastEvent('pruneAccuracy', (e) => e.id === id && !e.estimate);
    const sizes = this.lastEvent('pruneSizes', (e) => e.id === id).sizes;
    this.log(`${name}: ${pct(full.accuracy)} at sparsity ${pct(stats.sparsity, 3)} (estimate on ${est.examples}: ${pct(est.accuracy)})`);
    return {
      name,
      request: req,
      accuracy: full.accuracy,
      estimateAccuracy: est.accuracy,
      estimateExamples: est.examples,
      evalSeconds: full.seconds,
      sparsity: stats.sparsity,
      pruned: stats.pruned,
      prunable: stats.prunable,
      layers: layerSparsity(stats),
      sizes,
    };
  }

  /** Full test accuracy with one layer pruned at a time (the others dense), for each rate. */
  async sensitivity(layers: readonly string[], rates: readonly number[]): Promise<SensitivityResult[]> {
    const out: SensitivityResult[] = [];
    for (const layer of layers) {
      for (const rate of rates) {
        const id = this.id();
        this.session.preview(id, { rate, scope: 'layer', include: [layer], cap: null });
        await this.session.measure(id, true);
        const accuracy = this.lastEvent('pruneAccuracy', (e) => e.id === id && !e.estimate).accuracy;
        out.push({ layer, rate, accuracy });
      }
    }
    return out;
  }
}
