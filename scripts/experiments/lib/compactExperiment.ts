// The channel-pruning experiment of measure-science.ts: prune whole conv2 filters and fc1
// neurons (magnitude), compact, compare the compact model with the masked one (outputs,
// parameters, bytes, inference speed, accuracy), fine-tune with the masks held and compact
// again.
// Why this file exists: it strings several src/core steps together and records every figure;
// the script itself stays a list of experiments.
import { snapshotWeights } from '../../../src/core/train/modelWeights';
import { PruneController } from '../../../src/core/prune/controller';
import type { InferenceSpeed } from '../../../src/core/results/compact';
import { compactAndMeasure } from '../../../src/core/lab/compactRun';
import { accuracyOf, maskWeights, heldMasksOf, trainMasked, type LabContext, type TrainSpec } from '../../../src/core/lab/context';
import { evaluate } from '../../../src/core/train/evaluate';
import type { PruneMethod } from '../../../src/core/method';
import type { WeightSnapshot } from '../../../src/core/weights';

export interface CompactExperiment {
  readonly description: string;
  readonly method: PruneMethod;
  readonly dense: { readonly params: number; readonly bytes: number; readonly shapes: string };
  readonly compact: { readonly params: number; readonly bytes: number; readonly shapes: string };
  readonly denseSpeed: InferenceSpeed;
  readonly compactSpeed: InferenceSpeed;
  readonly sparsity: number;
  readonly maskedAccuracy: number;
  readonly compactAccuracy: number;
  readonly maxDiff: number;
  readonly diffExamples: number;
  readonly finetuneEpochs: number;
  readonly finetunedMaskedAccuracy: number;
  readonly finetunedCompactAccuracy: number;
  readonly maxDiffFinetuned: number;
}

const shapes = (s: Readonly<Record<string, readonly number[]>>) =>
  Object.entries(s).map(([l, sh]) => `${l} ${sh.join('×')}`).join(', ');

export async function compactExperiment(
  ctx: LabContext,
  anchor: WeightSnapshot,
  method: PruneMethod,
  finetune: TrainSpec,
  log: (line: string) => void,
): Promise<CompactExperiment> {
  const outcome = new PruneController(ctx.layers, anchor).compute(method);
  const masked = maskWeights(anchor, ctx.layers, outcome);
  const speed = { examples: 2048, batchSize: 256, repeats: 5 };
  const first = await compactAndMeasure(ctx, masked, outcome, { diffExamples: 1000, speed });
  const maskedAccuracy = await accuracyOf(ctx);
  const compactAccuracy = (await evaluate(first.model, ctx.testSet, { task: ctx.task })).accuracy;
  first.model.dispose();
  const s = first.summary;
  log(
    `compact: ${s.dense.params} → ${s.compact.params} params, ${s.denseSpeed.imagesPerSec.toFixed(0)} → ${s.compactSpeed.imagesPerSec.toFixed(0)} img/s, ` +
      `max diff ${s.maxDiff.toExponential(2)}, accuracy masked ${maskedAccuracy} compact ${compactAccuracy}`,
  );
  await trainMasked(ctx, heldMasksOf(ctx, outcome), finetune);
  const tuned = await snapshotWeights(ctx.model);
  const second = await compactAndMeasure(ctx, tuned, outcome, { diffExamples: 1000, speed: { ...speed, repeats: 1 } });
  const finetunedMaskedAccuracy = await accuracyOf(ctx);
  const finetunedCompactAccuracy = (await evaluate(second.model, ctx.testSet, { task: ctx.task })).accuracy;
  second.model.dispose();
  log(`compact after fine-tuning: masked ${finetunedMaskedAccuracy}, compact ${finetunedCompactAccuracy}, max diff ${second.summary.maxDiff.toExponential(2)}`);
  const kept = s.channels.map((c) => `${c.layer} ${c.kept}/${c.total}`).join(', ');
  return {
    description: `magnitude, ${(method.rate * 100).toFixed(0)} % of the channels of ${method.layers.join(' and ')} removed (channels kept: ${kept})`,
    method,
    dense: { params: s.dense.params, bytes: s.dense.bytes, shapes: shapes(s.dense.kernelShapes) },
    compact: { params: s.compact.params, bytes: s.compact.bytes, shapes: shapes(s.compact.kernelShapes) },
    denseSpeed: s.denseSpeed,
    compactSpeed: s.compactSpeed,
    sparsity: outcome.stats.sparsityAll,
    maskedAccuracy,
    compactAccuracy,
    maxDiff: s.maxDiff,
    diffExamples: s.diffExamples,
    finetuneEpochs: finetune.epochs,
    finetunedMaskedAccuracy,
    finetunedCompactAccuracy,
    maxDiffFinetuned: second.summary.maxDiff,
  };
}
