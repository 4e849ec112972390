import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { snapshotWeights } from '../core/train/modelWeights';
import { kernelName } from '../core/weights';
import { TINY_PRUNABLE } from '../core/testing/fixtures';
import { compressJob } from './compressJob';
import { tinyLab, tinyMethod } from './testing/tinyLab';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Deep Compression in a lab session', () => {
  it('stops mid-pipeline (quantized weights in the model) and leaves the model on screen and the lab as they were', async () => {
    const { lab, events } = tinyLab(11);
    const method = tinyMethod({ rate: 0.5 });
    await lab.train({ epochs: 1, seed: 1, method });
    const before = await lab.prune(method, true);
    const view = lab.requirePruning().currentWeights();
    const kernels = TINY_PRUNABLE.map((l) => Float32Array.from(view.kernels?.get(kernelName(l)) ?? []));
    const anchor = view.anchor.values.map((v) => Float32Array.from(v));
    const model = await snapshotWeights(lab.requireModel());
    const tensors = tf.memory().numTensors;

    const job = compressJob(lab, { prune: 'current', rounds: 1, retrainEpochs: 1, finetuneEpochs: 4 });
    // Stop once the centroid fine-tuning has taken steps: the model then holds quantized, moved weights.
    const fineTuning = () => events.some((e) => e.type === 'compressProgress' && e.stage.startsWith('fine-tuning') && e.done > 0);
    while (!fineTuning()) await new Promise((r) => setTimeout(r, 1));
    lab.stop();
    await expect(job).rejects.toMatchObject({ name: 'AbortError' });
    expect(tf.memory().numTensors).toBe(tensors);

    // The model gets the view on screen back before its next use (it held quantized weights when stopped).
    lab.requirePruning().applyToModel();
    (await snapshotWeights(lab.requireModel())).values.forEach((v, i) => expect(v).toEqual(model.values[i]));
    // The session's weights are untouched, and measuring the view again gives the same accuracy.
    const after = lab.requirePruning().currentWeights();
    after.anchor.values.forEach((v, i) => expect(v).toEqual(anchor[i]));
    TINY_PRUNABLE.forEach((l, i) => expect(after.kernels?.get(kernelName(l))).toEqual(kernels[i]));
    const again = await lab.prune(tinyMethod({ rate: 0.5 }), true);
    expect(again.measurement?.accuracy).toBe(before.measurement?.accuracy);

    // The lab stays usable: a second compression runs to the end.
    const done = await compressJob(lab, { prune: 'current', rounds: 1, retrainEpochs: 1, finetuneEpochs: 0 });
    expect(done.stages.map((s) => s.stage)).toEqual(['dense', 'pruned', 'quantized', 'huffman']);
    lab.dispose();
  }, 20_000);
});
