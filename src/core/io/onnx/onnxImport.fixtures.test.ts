// ONNX import of PyTorch-made MNIST models (e2e/fixtures/onnx, built and scored by
// scripts/experiments/make-onnx-fixtures.py) on the full official test set (10,000 images):
// the imported model predicts what onnxruntime-web predicts on the same file, image for
// image, and what PyTorch recorded (same misclassified images); 50 % per-layer magnitude
// pruning with the app's own controller gives exactly the images torch.nn.utils.prune's
// l1_unstructured(…, 0.5) gets wrong; the pruned model exported as model.onnx keeps the
// import's graph (input name, layout, operator order) and onnxruntime-web scores it as the app.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { importOnnx } from '../../nets/onnxImport';
import { buildOnnx } from './onnxExport';
import { isInputNorm, withNorm } from './onnxNorm';
import { decodeModel } from './onnxProto';
import { useBackendForTest } from '../../backend/testWasmSetup';
import { loadMnist } from '../../data/fetchData';
import { takeFirst, type ImageSet } from '../../data/batches';
import { maskWeights } from '../../lab/context';
import { methodFor } from '../../method';
import { snapshotWeights, writeWeights } from '../../train/modelWeights';
import { PruneController } from '../../prune/controller';
import { onnxSession } from '../../testing/onnxRuntime';
import { predictBoth, wrongIndices } from '../../testing/onnxPredict';

const FIXTURES = fileURLToPath(new URL('../../../../e2e/fixtures/onnx/', import.meta.url));
const DATA_URL = pathToFileURL(fileURLToPath(new URL('../../../../public/data/', import.meta.url))).href;
/** The re-imported export is checked on the first images only (the full set is checked twice already). */
const REIMPORT_CHECKED = 2000;
const fetcher = async (url: string) => new Response(readFileSync(fileURLToPath(url)));

interface FixtureInfo {
  readonly file: string;
  readonly opset: number;
  readonly norm: string;
  readonly testImages: number;
  readonly denseCorrect: number;
  readonly prunedCorrect: number;
  readonly denseWrong: number[];
  readonly prunedWrong: number[];
}

const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort();
let test: ImageSet;

beforeAll(async () => {
  await useBackendForTest('wasm');
  test = (await loadMnist({ baseUrl: DATA_URL, fetcher })).test;
}, 60_000);

/**
 * The data-path operators of a model.onnx, a Reshape to [N, features] read as Flatten and
 * MatMul + Add as Gemm (the export writes a dense layer as Gemm); the no-ops the import drops
 * left out: Identity, Dropout, the zero Pad PyTorch writes before an AveragePool, and the
 * Transpose of a weight (folded at import).
 */
function chainOps(bytes: Uint8Array): string[] {
  const side = new Set(['Constant', 'Shape', 'Gather', 'Unsqueeze', 'Concat', 'Identity', 'Dropout', 'Cast', 'Pad', 'Transpose']);
  const ops = (decodeModel(bytes).graph?.node ?? []).map((n) => (n.opType === 'Reshape' ? 'Flatten' : n.opType ?? '')).filter((op) => !side.has(op));
  return ops.join(' ').replaceAll('MatMul Add', 'Gemm').split(' ');
}

describe('ONNX import of PyTorch MNIST models, full test set', () => {
  it('has the fixtures', () => expect(fixtures.length).toBeGreaterThanOrEqual(4));

  for (const json of fixtures) {
    it(`${json.replace('.json', '.onnx')}: dense and 50 % pruned counts equal PyTorch's and onnxruntime's, image for image; the export round-trips`, async () => {
      const info = JSON.parse(readFileSync(FIXTURES + json, 'utf8')) as FixtureInfo;
      if (!isInputNorm(info.norm)) throw new Error(`fixture norm ${info.norm}`);
      const bytes = new Uint8Array(readFileSync(FIXTURES + info.file));
      const before = tf.memory().numTensors;
      const imp = importOnnx(bytes, info.norm, info.file);
      const set = withNorm(test, info.norm);
      expect(set.count).toBe(info.testImages);
      const io = { inputName: imp.graph.inputName, outputName: imp.graph.outputName, layout: imp.graph.inputLayout };

      const dense = await predictBoth(imp.model, set, await onnxSession(bytes), io);
      const denseWrong = wrongIndices(dense.app, dense.labels);
      expect(wrongIndices(dense.onnx as Int32Array, dense.labels)).toEqual(denseWrong);
      expect(Array.from(dense.app)).toEqual(Array.from(dense.onnx as Int32Array));
      expect(set.count - denseWrong.length).toBe(info.denseCorrect);
      expect(denseWrong).toEqual(info.denseWrong);

      const layers = imp.prunableLayers;
      const weights = await snapshotWeights(imp.model);
      const outcome = new PruneController(layers, weights).compute(methodFor(layers, { rate: 0.5 }));
      const pruned = maskWeights(weights, layers, outcome);
      writeWeights(imp.model, pruned);
      const exported = buildOnnx({
        model: 'imported',
        input: imp.info.input,
        topology: imp.model.toJSON(null, false) as object,
        weights: pruned,
        io: { inputName: io.inputName, outputName: io.outputName, layout: io.layout, final: imp.graph.output },
      });
      const after = await predictBoth(imp.model, set, await onnxSession(exported), io);
      const prunedWrong = wrongIndices(after.app, after.labels);
      expect(set.count - prunedWrong.length).toBe(info.prunedCorrect);
      expect(prunedWrong).toEqual(info.prunedWrong);
      expect(Array.from(after.onnx as Int32Array)).toEqual(Array.from(after.app));
      expect(chainOps(exported)).toEqual(chainOps(bytes));

      const again = importOnnx(exported, info.norm);
      expect(again.graph.inputName).toBe(io.inputName);
      expect(again.graph.inputLayout).toBe(io.layout);
      const back = await predictBoth(again.model, takeFirst(set, REIMPORT_CHECKED), null, io);
      expect(Array.from(back.app)).toEqual(Array.from(after.app.subarray(0, REIMPORT_CHECKED)));
      imp.model.dispose();
      again.model.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }, 600_000);
  }
});
