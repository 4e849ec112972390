import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLenet5 } from '../nets/lenet5';
import { buildTextClassifier } from '../nets/textClassifier';
import { snapshotWeights, writeWeights } from '../train/modelWeights';
import { syntheticSet } from '../testing/fixtures';
import { imageBatchSource } from '../train/batchSource';
import { evaluate } from '../train/evaluate';
import { buildExport, MASKS_FILE, REPORT_FILE, unpackMaskBase64, type ExportReport } from './exportBundle';
import { validateImport, type UploadedFile } from './importModel';
import { artifactsToFiles, snapshotArtifacts } from './modelFiles';
import { referenceModel } from './reference';
import { ALLOWED_LAYER_CLASSES, KNOWN_LAYOUTS, type ReferenceModel } from './validateModel';
import { decodeModel } from './onnx/onnxProto';
import { crc32, readZip } from './zip';
import { PruneController } from '../prune/controller';
import { methodFor } from '../method';
import { replaceWeights, type WeightSnapshot } from '../weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const LAYERS = ['conv1', 'conv2', 'fc1', 'fc2'];
const enc = new TextEncoder();
const SIZES = { params: 1, nonZero: 1, prunable: 1, prunableNonZero: 1, denseBytes: 4, csrBytes: 4, bitmaskBytes: 4, gzipBytes: 4, nm: null };

/** LeNet-5 weights with ~90 % of each kernel zeroed (a deterministic pattern). */
async function prunedLenet(): Promise<{ reference: ReferenceModel; weights: WeightSnapshot }> {
  const model = buildLenet5(7);
  const snap = await snapshotWeights(model);
  const reference = referenceModel(model, 'LeNet-5 · MNIST');
  model.dispose();
  const values = snap.values.map((v, i) => (snap.names[i].endsWith('/kernel') ? v.map((x, j) => (j % 10 === 3 ? x : 0)) : v));
  return { reference, weights: { ...snap, values } };
}

function exportInput(reference: ReferenceModel, weights: WeightSnapshot) {
  return {
    model: 'lenet5',
    topology: reference.topology,
    weights,
    prunableLayers: LAYERS,
    request: { rate: 0.9 },
    accuracy: { test: 0.5, examples: 10 },
    denseAccuracy: null,
    sizes: SIZES,
    createdAt: new Date(0),
  } as const;
}

function exportZip(reference: ReferenceModel, weights: WeightSnapshot) {
  return buildExport(exportInput(reference, weights));
}

function asFile(name: string, data: Uint8Array | string): UploadedFile {
  const bytes = typeof data === 'string' ? enc.encode(data) : data;
  return { name, data: bytes.slice().buffer };
}

describe('export → import', () => {
  it('round-trips identical weights and identical test accuracy, with masks and a report', async () => {
    const { reference, weights } = await prunedLenet();
    const { zip, report, onnx } = exportZip(reference, weights);
    const imported = validateImport([asFile('prunelab-lenet5.zip', zip)], reference);
    expect(imported.weights.names).toEqual(weights.names);
    imported.weights.values.forEach((v, i) => expect(v).toEqual(weights.values[i]));

    const set = imageBatchSource(syntheticSet(64, 3));
    const a = buildLenet5(1);
    const b = buildLenet5(2);
    writeWeights(a, weights);
    writeWeights(b, imported.weights);
    const before = tf.memory().numTensors;
    const [ra, rb] = [await evaluate(a, set, { confusion: true }), await evaluate(b, set, { confusion: true })];
    expect(tf.memory().numTensors).toBe(before);
    expect(rb.accuracy).toBe(ra.accuracy);
    expect(rb.loss).toBe(ra.loss);
    expect(rb.confusion?.counts).toEqual(ra.confusion?.counts);
    a.dispose();
    b.dispose();

    expect(imported.maskLayersChecked).toBe(4);
    const files = new Map(readZip(zip).map((e) => [e.name, e.data]));
    expect([...files.keys()]).toEqual(['model.json', 'weights.bin', 'masks.json', 'model.onnx', 'report.json']);
    expect(crc32(files.get('model.onnx') ?? new Uint8Array())).toBe(crc32(onnx ?? new Uint8Array(1)));
    expect(onnx?.byteLength).toBe(onnx?.buffer.byteLength); // owns its buffer: safe to post
    expect(decodeModel(onnx ?? new Uint8Array()).graph?.input?.[0].name).toBe('input');
    const masks = JSON.parse(new TextDecoder().decode(files.get(MASKS_FILE))) as { layers: { name: string; kept: number; bits: string }[] };
    const fc1 = weights.values[weights.names.indexOf('fc1/kernel')];
    expect(unpackMaskBase64(masks.layers[2].bits, fc1.length)).toEqual(Uint8Array.from(fc1, (x) => (x === 0 ? 0 : 1)));
    const saved = JSON.parse(new TextDecoder().decode(files.get(REPORT_FILE))) as ExportReport;
    expect(saved).toEqual(report);
    expect(report.layers.map((l) => l.name)).toEqual(LAYERS);
    expect(report.sparsity).toBeGreaterThan(0.89);
    expect(report.onnx).toMatchObject({ file: 'model.onnx', opset: 13 });
    expect(report.bytes.nm).toBeNull();
    expect(report.compaction).toBeNull();
  });

  it('writes files TensorFlow.js itself loads (tf.io.fromMemory) and predicts the same', async () => {
    const model = buildLenet5(3);
    const snap = await snapshotWeights(model);
    const { modelJson, weights } = artifactsToFiles(snapshotArtifacts(model.toJSON(null, false) as object, snap));
    const json = JSON.parse(modelJson) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
    const loaded = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: weights }));
    const x = tf.randomNormal([2, 28, 28, 1], 0, 1, 'float32', 5);
    const [p, q] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expect(Array.from(await q.data())).toEqual(Array.from(await p.data()));
    tf.dispose([x, p, q]);
    model.dispose();
    loaded.dispose();
  });
});

describe('report.json', () => {
  it('gives the N:M compressed size of 2:4 weights and the compaction figures when asked', async () => {
    const { reference, weights } = await prunedLenet();
    const dense = { ...weights, values: weights.values.map((v, i) => (weights.names[i].endsWith('/kernel') ? v.map((_, j) => 0.01 + (j % 7) / 10) : v)) };
    const nm = new PruneController(LAYERS, dense).compute(methodFor(LAYERS, { structure: 'nm', nm: '2:4' }));
    const speed = (imagesPerSec: number) => ({ examples: 10, batchSize: 10, repeats: 1, medianMs: 1, imagesPerSec, msPerBatch: 1 });
    const compaction = {
      dense: { params: 431_080, bytes: 1_724_320, kernelShapes: {} },
      compact: { params: 115_805, bytes: 463_220, kernelShapes: {} },
      denseSpeed: speed(1000),
      compactSpeed: speed(2500),
      maxDiff: 1e-6,
      diffExamples: 10,
      channels: [{ layer: 'conv2', kept: 25, total: 50 }],
    };
    const { report } = buildExport({ ...exportInput(reference, replaceWeights(dense, nm.kernels)), nm: '2:4', compaction, onnx: false });
    expect(report.bytes.nm?.tensors).toEqual(LAYERS.map((l) => `${l}/kernel`));
    expect(report.bytes.nm?.bytes).toBeLessThan(1_724_320 * 0.55);
    expect(report.compaction).toMatchObject({ params: { full: 431_080, compact: 115_805 }, examplesPerSec: { full: 1000, compact: 2500 }, speedup: 2.5 });
    expect(report.onnx).toBeNull();
    expect(report.files).not.toContain('model.onnx');
  });
});

describe('import validation', () => {
  async function files() {
    const { reference, weights } = await prunedLenet();
    const { modelJson, weights: bin } = artifactsToFiles(snapshotArtifacts(reference.topology, weights));
    return { reference, modelJson, bin: new Uint8Array(bin) };
  }
  const edit = (json: string, f: (m: Record<string, unknown>) => void) => {
    const m = JSON.parse(json) as Record<string, unknown>;
    f(m);
    return JSON.stringify(m);
  };

  it('accepts model.json + weights.bin chosen separately', async () => {
    const { reference, modelJson, bin } = await files();
    const r = validateImport([asFile('model.json', modelJson), asFile('weights.bin', bin)], reference);
    expect(r.source).toBe('model.json + weights.bin');
  });

  it('rejects every corrupt input with a message that names the problem', async () => {
    const { reference, modelJson, bin } = await files();
    const check = (list: UploadedFile[], message: RegExp) => expect(() => validateImport(list, reference)).toThrow(message);
    const w = asFile('weights.bin', bin);
    check([asFile('model.json', 'this is not json'), w], /not valid JSON/);
    check([asFile('photo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47]))], /No model\.json/);
    check([asFile('model.json', edit(modelJson, (m) => delete m.weightsManifest)), w], /no "weightsManifest"/);
    check([asFile('model.json', edit(modelJson, (m) => delete m.modelTopology)), w], /no "modelTopology"/);
    check([asFile('model.json', modelJson)], /weights file "weights\.bin".*missing/);
    check([asFile('model.json', modelJson), asFile('weights.bin', bin.subarray(0, bin.length - 4))], /holds 1,724,316 bytes.*1,724,320/);
    const lambda = edit(modelJson, (m) => {
      const layers = (m.modelTopology as { config: { layers: { class_name: string }[] } }).config.layers;
      layers[5].class_name = 'Lambda';
    });
    check([asFile('model.json', lambda), w], /Unsupported layer class "Lambda"/);
    const wider = edit(modelJson, (m) => {
      const layers = (m.modelTopology as { config: { layers: { config: { units?: number } }[] } }).config.layers;
      layers[5].config.units = 400;
    });
    check([asFile('model.json', wider), w], /Layer fc1: units is 400, expected 500/);
    const shape = edit(modelJson, (m) => {
      const manifest = m.weightsManifest as { weights: { shape: number[] }[] }[];
      manifest[0].weights[4].shape = [500, 800];
    });
    check([asFile('model.json', shape), w], /fc1\/kernel has shape \[500, 800\], expected \[800, 500\]/);
    const nan = bin.slice();
    new DataView(nan.buffer).setFloat32(0, NaN, true);
    check([asFile('model.json', modelJson), asFile('weights.bin', nan)], /NaN/);
  });

  it('names the right page for the other PruneLab model', async () => {
    const { reference } = await files();
    const imdb = buildTextClassifier(1, 50);
    const snap = await snapshotWeights(imdb);
    const { modelJson, weights } = artifactsToFiles(snapshotArtifacts(imdb.toJSON(null, false) as object, snap));
    imdb.dispose();
    expect(() => validateImport([asFile('model.json', modelJson), asFile('weights.bin', new Uint8Array(weights))], reference)).toThrow(
      /IMDB text classifier.*\?model=imdb/,
    );
  });

  it('knows the layer names and classes of the models it builds', async () => {
    const lenet = buildLenet5(1);
    const imdb = buildTextClassifier(1, 20);
    const layout = (id: string) => KNOWN_LAYOUTS.find((k) => k.id === id)?.layers;
    expect(layout('lenet5')).toEqual(lenet.layers.map((l) => l.name));
    expect(layout('imdb')).toEqual(imdb.layers.map((l) => l.name));
    for (const l of [...lenet.layers, ...imdb.layers]) expect(ALLOWED_LAYER_CLASSES).toContain(l.getClassName());
    lenet.dispose();
    imdb.dispose();
  });
});
