// Per-layer sensitivity analysis (as in Distiller): each layer pruned alone, across rates,
// the others left whole, one-shot from one anchor. On LeNet-5 it shows which layers are
// fragile (the small conv layers) and which are redundant (fc1 holds 92 % of the weights).

import { writeWeights } from '../train/modelWeights';
import { untilStopped } from '../abort';
import { accuracyOf, prunedAccuracy, type LabContext, type OnJobProgress } from './context';
import { scoreController } from './scoring';
import type { GradientOptions } from './gradients';
import { defaultMethod, type Criterion, type Structure } from '../method';
import type { WeightSnapshot } from '../weights';
import type { SensitivityPoint, SensitivityResult } from '../results/science';
export type { SensitivityPoint, SensitivityResult } from '../results/science';

export interface SensitivityOptions {
  readonly criterion: Criterion;
  readonly structure: Structure;
  readonly rates: readonly number[];
  /** Layers to analyse (default: every prunable layer; the output layer is skipped for channels). */
  readonly layers?: readonly string[];
  readonly seed: number;
  readonly gradients?: GradientOptions;
  readonly signal?: AbortSignal;
  readonly onProgress?: OnJobProgress;
}

export async function runSensitivity(ctx: LabContext, anchor: WeightSnapshot, opts: SensitivityOptions): Promise<SensitivityResult> {
  const started = performance.now();
  const defaults = opts.structure === 'channels' ? ctx.layers.slice(0, -1) : ctx.layers;
  const layers = opts.layers ?? defaults;
  const rates = opts.rates.filter((r) => r > 0);
  const total = 1 + layers.length * rates.length;
  let done = 0;
  const progress = (label: string) => opts.onProgress?.({ job: 'sensitivity', done, total, label });
  const points: SensitivityPoint[] = [];
  let anchorAccuracy = NaN;
  const stopped = await untilStopped(opts.signal, async () => {
    progress(`${opts.criterion}: scoring`);
    const controller = await scoreController(ctx, anchor, opts.criterion, opts.seed, { ...opts.gradients, signal: opts.signal });
    writeWeights(ctx.model, anchor);
    anchorAccuracy = await accuracyOf(ctx, opts.signal);
    done++;
    for (const layer of layers) {
      const li = ctx.layers.indexOf(layer);
      if (li < 0) throw new Error(`${layer} is not a prunable layer`);
      for (const rate of rates) {
        progress(`${layer} at ${(rate * 100).toFixed(0)} %`);
        const outcome = controller.compute({ ...defaultMethod(ctx.layers), criterion: opts.criterion, rate, layers: [layer], structure: opts.structure });
        const accuracy = await prunedAccuracy(ctx, anchor, outcome, opts.signal);
        const stats = outcome.stats.layers[li];
        points.push({ layer, rate, layerSparsity: stats.pruned / stats.size, accuracy });
        done++;
      }
    }
  });
  progress(stopped ? 'stopped' : 'done');
  return {
    criterion: opts.criterion,
    structure: opts.structure,
    anchorAccuracy,
    examples: ctx.testSet.count,
    points,
    seconds: (performance.now() - started) / 1000,
    stopped,
  };
}
