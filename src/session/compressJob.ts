// Deep Compression as the lab session runs it: one long job (Stop ends it) on the model on
// screen, with the paper's recipe for the built-in LeNets or the model's own zeros, progress
// as events; the reply carries the stage table and the compressed file. Loading a file back
// decodes it into the model, measures it, then puts the model on screen back.

import { decodeCompressed } from '../core/compress/format';
import { runCompression, type CompressOptions } from '../core/compress/pipeline';
import { dequantize } from '../core/compress/quantized';
import { CENTROID_FINETUNE, defaultBits, PAPER_RECIPES, PAPER_RETRAIN } from '../core/compress/recipe';
import { writeWeights } from '../core/train/modelWeights';
import { evaluate } from '../core/train/evaluate';
import { replaceWeights } from '../core/weights';
import type { CompressArgs, CompressReply, LoadCompressedReply } from '../protocol/calls';
import type { LabSession } from './labSession';

/** The options of a run on this lab's model. */
export function compressOptions(lab: LabSession, args: CompressArgs, seed: number): CompressOptions {
  const spec = lab.spec;
  const recipe = PAPER_RECIPES[spec.id];
  if (args.prune === 'paper' && !recipe) throw new Error(`The paper's recipe exists for LeNet-5 and LeNet-300-100, not for ${spec.name}: compress its own zeros instead.`);
  const bits = Object.fromEntries(spec.prunableLayers.map((l) => [l, recipe?.bits[l] ?? defaultBits(spec.layers.find((x) => x.name === l)?.kind ?? 'dense')]));
  return {
    modelId: spec.id,
    keep: args.prune === 'paper' && recipe ? recipe.keep : null,
    rounds: args.rounds,
    retrain: { ...PAPER_RETRAIN, epochs: args.retrainEpochs, seed: seed + 100 },
    bits,
    finetune: { ...CENTROID_FINETUNE, epochs: args.finetuneEpochs, seed: seed + 200 },
  };
}

export function compressJob(lab: LabSession, args: CompressArgs): Promise<CompressReply> {
  return lab.longJob(async (signal) => {
    const pruning = lab.requirePruning();
    const outcome = pruning.outcome;
    const start = outcome ? replaceWeights(pruning.anchor, outcome.kernels) : pruning.anchor;
    const t0 = performance.now();
    try {
      const result = await runCompression(
        pruning.context(),
        start,
        compressOptions(lab, args, 1),
        (p) => lab.emit({ type: 'compressProgress', stage: p.stage, done: p.done, total: p.total, elapsedSec: (performance.now() - t0) / 1000 }),
        signal,
      );
      const file = result.file.slice().buffer;
      return { stages: result.stages, layers: result.layers, denseBytes: result.denseBytes, bitIdentical: result.bitIdentical, seconds: result.seconds, file };
    } finally {
      pruning.invalidateModel();
    }
  });
}

export function loadCompressedJob(lab: LabSession, data: ArrayBuffer): Promise<LoadCompressedReply> {
  return lab.longJob(async (signal) => {
    const pruning = lab.requirePruning();
    const decoded = decodeCompressed(new Uint8Array(data));
    if (decoded.modelId !== lab.spec.id) throw new Error(`This file holds a compressed ${decoded.modelId}, but the lab has ${lab.spec.name}.`);
    const weights = dequantize(decoded);
    const ctx = pruning.context();
    const expected = ctx.model.weights.map((w) => w.originalName);
    if (weights.names.join() !== expected.join()) throw new Error(`The file's weights (${weights.names.join(', ')}) do not match the model's (${expected.join(', ')}).`);
    try {
      writeWeights(ctx.model, weights);
      const r = await evaluate(ctx.model, ctx.testSet, { task: ctx.task, signal });
      return { accuracy: r.accuracy, correct: r.correct, count: r.count, bytes: data.byteLength };
    } finally {
      pruning.invalidateModel();
    }
  });
}
