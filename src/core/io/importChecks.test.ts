// The import's guards beyond the format itself: archives re-packed by other zip tools are
// read; zip bombs are refused from their directory; the file's own strings reach messages
// only clipped (a 30 MB class name, a million layer names); finite but extreme weights are
// refused naming the tensor; a masks.json that comes along must agree with the weights.
// (tfjs cpu; the small IMDB classifier with a 20-word vocabulary as the running model.)

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_ECHO_CHARS } from './echo';
import { buildExport } from './exportBundle';
import { MAX_IMPORT_BYTES, validateImport, type UploadedFile } from './importModel';
import { buildMasksJson, MASKS_FILE, unpackMaskBase64 } from './masksFile';
import { artifactsToFiles, snapshotArtifacts } from './modelFiles';
import { referenceModel } from './reference';
import { MAX_ABS_WEIGHT, type ReferenceModel } from './validateModel';
import { readZip } from './zip';
import { buildTextClassifier } from '../nets/textClassifier';
import { snapshotWeights } from '../train/modelWeights';
import type { WeightSnapshot } from '../weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const LAYERS = ['embedding', 'fc1', 'fc2'];
const enc = new TextEncoder();
const SIZES = { params: 1, nonZero: 1, prunable: 1, prunableNonZero: 1, denseBytes: 4, csrBytes: 4, bitmaskBytes: 4, gzipBytes: 4, nm: null };
const file = (name: string, data: Uint8Array | string): UploadedFile => ({ name, data: (typeof data === 'string' ? enc.encode(data) : data).slice().buffer });

let reference: ReferenceModel;
let weights: WeightSnapshot;

beforeAll(async () => {
  const model = buildTextClassifier(1, 20);
  reference = referenceModel(model, 'the IMDB text classifier');
  const snap = await snapshotWeights(model);
  model.dispose();
  // every third kernel weight pruned
  weights = { ...snap, values: snap.values.map((v, i) => (snap.names[i].endsWith('/kernel') ? v.map((x, j) => (j % 3 === 0 ? 0 : x)) : v)) };
});

const exportZip = () =>
  buildExport({ model: 'imdb', topology: reference.topology, weights, prunableLayers: LAYERS, request: null, accuracy: { test: 0.5, examples: 2 }, denseAccuracy: null, sizes: SIZES, createdAt: new Date(0), vocabulary: Array.from({ length: 18 }, (_, i) => `w${i}`) }).zip;
const modelFiles = (w: WeightSnapshot = weights) => {
  const { modelJson, weights: bin } = artifactsToFiles(snapshotArtifacts(reference.topology, w));
  return { modelJson, bin: new Uint8Array(bin) };
};
const messageOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error('no error thrown');
};

describe('archives from other zip tools', () => {
  it('imports an export re-packed with deflate at another level, and with vocab.json and model.onnx inside', () => {
    const entries = readZip(exportZip());
    expect(entries.map((e) => e.name)).toContain('vocab.json');
    const repacked = zipSync(Object.fromEntries(entries.map((e) => [`folder/${e.name}`, e.data])), { level: 9 });
    const r = validateImport([file('re-packed.zip', repacked)], reference);
    expect(r.weights.values).toEqual(weights.values);
    expect(r.maskLayersChecked).toBe(3);
  });

  const hasZip = (() => {
    try {
      execFileSync('zip', ['-v'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  it.runIf(hasZip)('imports an export unpacked and re-packed by Info-ZIP `zip -r -9`', () => {
    const dir = mkdtempSync(join(tmpdir(), 'prunelab-zip-'));
    mkdirSync(join(dir, 'export'));
    for (const e of readZip(exportZip())) writeFileSync(join(dir, 'export', e.name), e.data);
    execFileSync('zip', ['-q', '-r', '-9', 'again.zip', 'export'], { cwd: dir });
    const r = validateImport([file('again.zip', new Uint8Array(readFileSync(join(dir, 'again.zip'))))], reference);
    expect(r.weights.values).toEqual(weights.values);
  });

  it('refuses a zip bomb by its declared size before inflating it', () => {
    const bomb = zipSync({ 'weights.bin': new Uint8Array(MAX_IMPORT_BYTES + 1) }, { level: 6 });
    expect(bomb.length).toBeLessThan(MAX_IMPORT_BYTES / 100);
    expect(() => validateImport([file('bomb.zip', bomb)], reference)).toThrow(/bomb\.zip: the ZIP archive unpacks to more than 64 MB/);
  });
});

describe('ONNX among the files of a tfjs import', () => {
  it('a model.onnx given to the tfjs import path is refused with a pointer to the ONNX import and the files that import', () => {
    const onnx = readZip(exportZip()).find((e) => e.name === 'model.onnx');
    expect(onnx).toBeDefined();
    expect(() => validateImport([file('model.onnx', onnx?.data ?? new Uint8Array())], reference)).toThrow(/model\.onnx is an ONNX model: choose it alone to import the model it holds, or choose the model\.json and weights\.bin/);
  });
});

describe('bounded echoes', () => {
  it('a 30 MB class name and a 30 MB file name give short messages', () => {
    const { bin } = modelFiles();
    const huge = 'A'.repeat(30 * 1024 * 1024);
    const topology = { class_name: 'Sequential', config: { layers: [{ class_name: huge, config: { name: huge } }] } };
    const json = JSON.stringify({ modelTopology: topology, weightsManifest: [{ paths: ['weights.bin'], weights: [] }] });
    const m = messageOf(() => validateImport([file('model.json', json), file('weights.bin', bin)], reference));
    expect(m).toMatch(/^Unsupported layer class "A+…" \(layer A+…\)/);
    expect(m.length).toBeLessThan(4 * MAX_ECHO_CHARS + 200);
    const m2 = messageOf(() => validateImport([file(`${huge}.json`, 'not json')], reference));
    expect(m2).toMatch(/^A+… is not valid JSON/);
    expect(m2.length).toBeLessThan(2 * MAX_ECHO_CHARS + 300);
  });

  it('a million layer names give a short message that counts the rest', () => {
    const layers = Array.from({ length: 1_000_000 }, (_, i) => ({ class_name: 'Dense', config: { name: `layer${i}` } }));
    const json = JSON.stringify({ modelTopology: { class_name: 'Sequential', config: { layers } }, weightsManifest: [{ paths: ['w.bin'], weights: [] }] });
    const m = messageOf(() => validateImport([file('model.json', json)], reference));
    expect(m).toMatch(/^The layers \(layer0, layer1, .*layer7 and 999,992 more\) do not match/);
    expect(m.length).toBeLessThan(400);
  });

  it('a manifest naming a huge weight and many missing weights stays short', () => {
    const { modelJson, bin } = modelFiles();
    const m = JSON.parse(modelJson) as { weightsManifest: { weights: { name: string }[] }[] };
    m.weightsManifest[0].weights[0].name = 'x'.repeat(1_000_000);
    const msg = messageOf(() => validateImport([file('model.json', JSON.stringify(m)), file('weights.bin', bin)], reference));
    expect(msg).toMatch(/^Unexpected weight x+…: /);
    expect(msg.length).toBeLessThan(200);
  });

  it('a manifest shape of [1e300] gives a short message with the byte count clipped', () => {
    const { modelJson, bin } = modelFiles();
    const m = JSON.parse(modelJson) as { weightsManifest: { weights: { shape: number[] }[] }[] };
    m.weightsManifest[0].weights[0].shape = [1e300];
    const msg = messageOf(() => validateImport([file('model.json', JSON.stringify(m)), file('weights.bin', bin)], reference));
    expect(msg).toMatch(/^The weights file holds [\d,]+ bytes, but model\.json describes about 4\.00e\+300 bytes\.$/);
    expect(msg.length).toBeLessThan(400);
  });
});

describe('extreme weights', () => {
  it(`refuses finite weights beyond ±${MAX_ABS_WEIGHT} (e.g. ±3.4e38), naming the tensor, and accepts ±${MAX_ABS_WEIGHT}`, () => {
    const at = weights.names.indexOf('fc1/kernel');
    const extreme = weights.values.map((v, i) => (i === at ? v.map((x, j) => (j === 5 ? 3.4e38 : j === 9 ? -3.4e38 : x)) : v));
    const { modelJson, bin } = modelFiles({ ...weights, values: extreme });
    expect(() => validateImport([file('model.json', modelJson), file('weights.bin', bin)], reference)).toThrow(
      /Weight fc1\/kernel holds 2 values that are NaN, infinite or larger than ±1e\+4 .*index 5, is 3\.400e\+38/,
    );
    const edge = weights.values.map((v, i) => (i === at ? v.map((x, j) => (j === 5 ? MAX_ABS_WEIGHT : j === 9 ? -MAX_ABS_WEIGHT : x)) : v));
    const ok = modelFiles({ ...weights, values: edge });
    expect(validateImport([file('model.json', ok.modelJson), file('weights.bin', ok.bin)], reference).weights.values[at][5]).toBe(MAX_ABS_WEIGHT);
  });
});

describe('masks.json', () => {
  const withMasks = (masks: unknown) => {
    const { modelJson, bin } = modelFiles();
    return () => validateImport([file('model.json', modelJson), file('weights.bin', bin), file(MASKS_FILE, JSON.stringify(masks))], reference);
  };
  const good = () => JSON.parse(JSON.stringify(buildMasksJson(weights, LAYERS))) as { layers: { name: string; shape: number[]; kept: number; bits: string }[] };

  it('is checked against the weights when it comes along', () => {
    expect(withMasks(good())()).toMatchObject({ maskLayersChecked: 3, maskKeptZeros: 0 });
  });

  it('counts the weights it keeps that are zero: masks that keep every weight over weights 90 % zero disagree with the zeros', () => {
    const at = weights.names.indexOf('fc1/kernel');
    const fc1 = weights.values[at];
    const sparse = { ...weights, values: weights.values.map((v) => (v === fc1 ? v.map((x, j) => (j % 10 === 0 ? x || 1 : 0)) : v)) };
    const keepAll = { ...weights, values: weights.values.map((v) => v.map(() => 1)) };
    const masks = buildMasksJson(keepAll, LAYERS);
    const { modelJson, bin } = modelFiles(sparse);
    const r = validateImport([file('model.json', modelJson), file('weights.bin', bin), file(MASKS_FILE, JSON.stringify(masks))], reference);
    const zerosElsewhere = weights.values.reduce((n, v, i) => (i === at || !LAYERS.some((l) => weights.names[i] === `${l}/kernel`) ? n : n + v.filter((x) => x === 0).length), 0);
    expect(r).toMatchObject({ maskLayersChecked: 3, maskKeptZeros: fc1.length * 0.9 + zerosElsewhere, maskKept: masks.layers.reduce((n, l) => n + l.kept, 0) });
  });

  it('refuses a mask that prunes a non-zero weight, naming the layer and the first index', () => {
    const m = good();
    const fc1 = weights.values[weights.names.indexOf('fc1/kernel')];
    const dense = { ...weights, values: weights.values.map((v) => (v === fc1 ? v.map((x, j) => (j < 16 ? 0 : x)) : v)) };
    m.layers[1] = buildMasksJson(dense, LAYERS).layers[1] as (typeof m.layers)[number];
    expect(withMasks(m)).toThrow(/masks\.json does not match the weights: 10 weights of fc1\/kernel that the mask prunes are not zero \(the first at index 1\)/);
  });

  it('refuses wrong lengths, wrong counts, unknown or repeated layers, padding bits and other formats', () => {
    const check = (edit: (m: ReturnType<typeof good>) => unknown, message: RegExp) => {
      const m = good();
      expect(withMasks(edit(m) ?? m)).toThrow(message);
    };
    check((m) => void (m.layers[2].bits = m.layers[2].bits.slice(0, 4)), /bits of fc2\/kernel do not decode to 200 weights/);
    check((m) => void (m.layers[2].kept += 1), /fc2\/kernel says \d+ weights are kept, its bits keep \d+/);
    check((m) => void (m.layers[0].name = 'fc1/bias'), /fc1\/bias is not a kernel of this model/);
    check((m) => void (m.layers[2] = m.layers[1]), /fc1\/kernel appears twice/);
    check((m) => void (m.layers[1].shape = [200, 100]), /fc1\/kernel has shape \[200, 100\] in masks\.json, \[100, 200\] in the weights/);
    check((m) => ({ ...m, format: 'other' }), /not a "prunelab-masks" version 1 file/);
    check(() => 'not an object', /not a "prunelab-masks" version 1 file/);
    // every kernel here is a whole number of bytes: the padding rule on a 3-weight mask
    expect(Array.from(unpackMaskBase64(btoa('\x05'), 3))).toEqual([1, 0, 1]);
    expect(() => unpackMaskBase64(btoa('\x0d'), 3)).toThrow(/padding bits are set/);
  });
});
