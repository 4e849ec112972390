// Prunes a LabSession from a script the way the app's slider does (a move: preview, then the
// quick estimate; the release: the full test set) and reads what the session reported
// back: the view (counted zeros per layer), the measurements and the sizes.
// Why this file exists: measure-pruning.ts and measure-imdb.ts run the same one-shot
// measurements through the session's own call (LabSession.prune), for different models.

import { methodFor, type PruneMethod } from '../../../src/core/method';
import type { ModelSizes } from '../../../src/protocol/results';
import type { NodeLab } from './nodeLab';
import { pct } from './seedStats';

export interface LayerResult {
  readonly name: string;
  readonly size: number;
  /** Zeros in the pruned kernel (counted by the session). */
  readonly zeros: number;
  readonly sparsity: number;
  /** Row pruning: rows in the kernel and rows removed. */
  readonly rows: { readonly total: number; readonly pruned: number } | null;
}

export interface OneShotResult {
  readonly name: string;
  readonly method: PruneMethod;
  /** Full test-set accuracy, on `examples` examples, measured in `evalSeconds`. */
  readonly accuracy: number;
  readonly examples: number;
  readonly evalSeconds: number;
  /** The slider's quick estimate (null when not asked for). */
  readonly estimate: { readonly accuracy: number; readonly examples: number } | null;
  /** Zeros over the selected layers, and over every prunable layer. */
  readonly sparsity: number;
  readonly sparsityAll: number;
  readonly zeros: number;
  readonly prunable: number;
  readonly belowAnchor: boolean;
  readonly layers: readonly LayerResult[];
  readonly sizes: ModelSizes;
}

/** One layer pruned alone (the others dense): full test-set accuracy. */
export interface SensitivityResult {
  readonly layer: string;
  readonly rate: number;
  readonly layerSparsity: number;
  readonly accuracy: number;
}

/** `method` on the session's anchor, measured as a released slider is (and first estimated, as a moving one is). */
export async function oneShot(lab: NodeLab, name: string, method: PruneMethod, log: (line: string) => void, withEstimate = true): Promise<OneShotResult> {
  const quick = withEstimate ? await lab.session.prune(method, false) : null;
  const full = await lab.session.prune(method, true);
  const m = full.measurement;
  if (full.superseded || !m || m.estimate) throw new Error(`${name}: the session did not measure the full test set`);
  const view = lab.last('view', (e) => e.view.seq === full.viewSeq).view;
  const sizes = lab.last('sizes', (e) => e.viewSeq === full.viewSeq).sizes;
  const estimate = quick?.measurement?.estimate ? { accuracy: quick.measurement.accuracy, examples: quick.measurement.examples } : null;
  const est = estimate ? ` (estimate on ${estimate.examples}: ${pct(estimate.accuracy)})` : '';
  log(`${name}: ${pct(m.accuracy)} at ${pct(view.selected.sparsity, 3)} zeros of the selected layers, ${pct(view.all.sparsity, 3)} of all${est}`);
  return {
    name,
    method,
    accuracy: m.accuracy,
    examples: m.examples,
    evalSeconds: m.seconds,
    estimate,
    sparsity: view.selected.sparsity,
    sparsityAll: view.all.sparsity,
    zeros: view.all.zeros,
    prunable: view.all.weights,
    belowAnchor: view.belowAnchor,
    layers: view.layers.map((l) => ({
      name: l.name,
      size: l.size,
      zeros: l.zeros,
      sparsity: l.size ? l.zeros / l.size : 0,
      rows: l.rows ? { total: l.rows.total, pruned: l.rows.pruned } : null,
    })),
    sizes,
  };
}

/** Full test accuracy with one layer pruned at a time (magnitude, the others dense), for each rate. */
export async function layerSensitivity(lab: NodeLab, layers: readonly string[], rates: readonly number[]): Promise<SensitivityResult[]> {
  const out: SensitivityResult[] = [];
  for (const layer of layers) {
    for (const rate of rates) {
      const reply = await lab.session.prune(methodFor([layer], { rate, scope: 'layer' }), true);
      const accuracy = reply.measurement?.accuracy;
      if (reply.superseded || accuracy === undefined) throw new Error(`sensitivity ${layer} at ${rate}: not measured`);
      const view = lab.last('view', (e) => e.view.seq === reply.viewSeq).view;
      const l = view.layers.find((x) => x.name === layer);
      out.push({ layer, rate, layerSparsity: l && l.size ? l.zeros / l.size : NaN, accuracy });
    }
  }
  return out;
}
