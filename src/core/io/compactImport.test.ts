// An export made after Compact holds a narrower model than the lab's: importing its
// model.json + weights.bin is refused saying so (not "Layer conv1: filters is 10, expected
// 20"), and the way it names, the archive's model.onnx alone, opens the compact model.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLenet5 } from '../nets/lenet5';
import { snapshotWeights } from '../train/modelWeights';
import { compactModel } from '../lab/compact';
import { validateImport, type UploadedFile } from './importModel';
import { artifactsToFiles, snapshotArtifacts } from './modelFiles';
import { buildOnnx } from './onnx/onnxExport';
import { importOnnx } from '../nets/onnxImport';
import { referenceModel } from './reference';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const enc = new TextEncoder();
const file = (name: string, data: Uint8Array | string): UploadedFile => ({ name, data: (typeof data === 'string' ? enc.encode(data) : data).slice().buffer });

describe('importing a compacted export', () => {
  it('is refused as the compacted model it is, and its model.onnx opens that model', async () => {
    const model = buildLenet5(3);
    const reference = referenceModel(model, 'LeNet-5 · MNIST');
    const weights = await snapshotWeights(model);
    const keep = new Map([['conv1', Uint8Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 1 : 0))]]);
    const compact = compactModel({ model, weights, channelMasks: keep });
    const topology = compact.toJSON(null, false) as object;
    const small = await snapshotWeights(compact);
    const { modelJson, weights: bin } = artifactsToFiles(snapshotArtifacts(topology, small));
    const onnx = buildOnnx({ model: 'lenet5', topology, weights: small });
    const report = JSON.stringify({ compaction: { params: { full: 1, compact: 1 } } });
    const files = [file('model.json', modelJson), file('weights.bin', new Uint8Array(bin)), file('report.json', report), file('model.onnx', onnx)];

    expect(() => validateImport(files, reference)).toThrow(
      /^model\.json holds a compacted LeNet-5 · MNIST \(layer conv1 has 10 filters, this lab's 20\): Compact removed whole channels, so it cannot become a checkpoint of this lab's full-width model\. Choose the archive's model\.onnx alone/,
    );
    // Without report.json it still says what the files look like.
    expect(() => validateImport(files.slice(0, 2), reference)).toThrow(/^Layer conv1: filters is 10, expected 20\. It is narrower than this lab's model, as an export made after Compact is: open its model\.onnx/);

    const opened = importOnnx(onnx);
    expect(opened.weights.shapes[0]).toEqual([5, 5, 1, 10]);
    expect(opened.model.countParams()).toBe(compact.countParams());
    for (const m of [opened.model, compact, model]) m.dispose();
  });
});
