// ONNX import on small hand-built graphs: hostile or unsupported files are refused in well
// under a second with a message naming the problem and the node (not ONNX, truncated, a
// 1 GB declared tensor, external data, a cycle, an unknown op, a branch, an unresolvable
// reshape, wrong input rank or shape, NaN weights, not 10 outputs); and the operators the
// PyTorch fixtures do not use (MatMul + Add, Sigmoid, GlobalAveragePool, Flatten, strided
// and asymmetrically padded Conv, BatchNormalization on a vector, [N, 784] input, Softmax)
// compute what onnxruntime-web computes on the same file.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { importOnnx, OnnxImportError } from './onnxImport';
import { FLOAT, floatTensor, int64Tensor, node, onnx, type NodeProto, type TensorProto, valueInfo } from '../io/onnx/onnxProto';
import { useBackendForTest } from '../backend/testWasmSetup';
import { onnxSession } from '../testing/onnxRuntime';
import { paramCount } from '../models/description';
import { modelCard } from '../models/modelCard';

beforeAll(async () => {
  await useBackendForTest('cpu');
});

interface Spec {
  readonly nodes: readonly NodeProto[];
  readonly inits?: readonly TensorProto[];
  readonly input?: readonly (number | string)[];
  readonly inputType?: number;
  readonly output?: string;
  readonly opset?: number;
}

function encode(s: Spec): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'test',
    opsetImport: [{ domain: '', version: s.opset ?? 13 }],
    graph: {
      name: 'g',
      input: [valueInfo('x', s.inputType ?? FLOAT, s.input ?? ['N', 1, 28, 28])],
      output: [valueInfo(s.output ?? 'y', FLOAT, ['N', 10])],
      node: [...s.nodes],
      initializer: [...(s.inits ?? [])],
    },
  });
  return new Uint8Array(onnx.ModelProto.encode(model).finish());
}

let seed = 1;
function random(n: number, scale = 0.1): Float32Array {
  return Float32Array.from({ length: n }, () => {
    seed = (seed * 16807) % 2147483647;
    return ((seed / 2147483647) * 2 - 1) * scale;
  });
}

/** A valid MLP: x [N, 784] → Gemm → Relu → Gemm → y. */
function mlp(over: Partial<Spec> = {}, w1: Float32Array = random(784 * 16)): Spec {
  return {
    input: ['N', 784],
    inits: [floatTensor('w1', [16, 784], w1), floatTensor('b1', [16], random(16)), floatTensor('w2', [10, 16], random(160)), floatTensor('b2', [10], random(10))],
    nodes: [node('Gemm', ['x', 'w1', 'b1'], ['h'], 'fc1', { transB: 1 }), node('Relu', ['h'], ['r'], 'relu1'), node('Gemm', ['r', 'w2', 'b2'], ['y'], 'fc2', { transB: 1 })],
    ...over,
  };
}

/** The message of the OnnxImportError importing `bytes` throws, checked to come in under a second. */
function refusal(bytes: Uint8Array): string {
  const started = performance.now();
  try {
    importOnnx(bytes).model.dispose();
  } catch (e) {
    expect(performance.now() - started).toBeLessThan(1000);
    expect(e).toBeInstanceOf(OnnxImportError);
    return (e as Error).message;
  }
  throw new Error('imported');
}

describe('ONNX import refuses hostile and unsupported files at once', () => {
  it('accepts the valid base model the hostile ones are made from', () => {
    const imp = importOnnx(encode(mlp()));
    expect(imp.prunableLayers).toEqual(['fc1', 'fc2']);
    imp.model.dispose();
  });

  it('not ONNX, empty, truncated', () => {
    expect(refusal(new TextEncoder().encode('<!doctype html><html>not a model</html>'))).toMatch(/Not an ONNX model/);
    expect(refusal(new Uint8Array(0))).toMatch(/empty/);
    const bytes = encode(mlp());
    expect(refusal(bytes.subarray(0, Math.floor(bytes.length / 2)))).toMatch(/truncated/);
    expect(refusal(bytes.subarray(0, bytes.length - 3))).toMatch(/truncated|Not an ONNX/);
  });

  it('a tensor declaring 1 GB, and one whose bytes disagree with its dims', () => {
    const huge: TensorProto = { name: 'w1', dims: [16, 16777216], dataType: FLOAT, rawData: new Uint8Array(64) };
    expect(refusal(encode(mlp({ inits: [huge, ...(mlp().inits ?? []).slice(1)] })))).toMatch(/"w1" declares 268,435,456 elements \(1\.0 GB/);
    const short: TensorProto = { name: 'w1', dims: [16, 784], dataType: FLOAT, rawData: new Uint8Array(100) };
    expect(refusal(encode(mlp({ inits: [short, ...(mlp().inits ?? []).slice(1)] })))).toMatch(/"w1" declares dims \[16, 784\].*holds 100 bytes/);
  });

  it('weights stored as external data', () => {
    const ext: TensorProto = { name: 'w1', dims: [16, 784], dataType: FLOAT, dataLocation: onnx.TensorProto.DataLocation.EXTERNAL, externalData: [{ key: 'location', value: 'weights.bin' }] };
    expect(refusal(encode(mlp({ inits: [ext, ...(mlp().inits ?? []).slice(1)] })))).toMatch(/"w1" are stored as external data/);
  });

  it('NaN weights', () => {
    const w = random(784 * 16);
    w[77] = NaN;
    expect(refusal(encode(mlp({}, w)))).toMatch(/"w1" holds NaN at index 77/);
  });

  it('a cyclic graph', () => {
    const base = mlp();
    const nodes = [base.nodes[0], node('Add', ['h', 'loop'], ['r0'], 'back'), node('Relu', ['r0'], ['loop'], 'cycle'), node('Relu', ['loop'], ['r'], 'relu1'), base.nodes[2]];
    expect(refusal(encode({ ...base, nodes }))).toMatch(/cycle through (Add|Relu) node "(back|cycle)"/);
  });

  it('an unknown op, named with its node and what is supported', () => {
    const base = mlp();
    const msg = refusal(encode({ ...base, nodes: [base.nodes[0], node('Erf', ['h'], ['r'], 'mystery'), base.nodes[2]] }));
    expect(msg).toMatch(/Erf node "mystery".*unsupported operator Erf.*Conv, Gemm, MatMul/);
  });

  it('a branch and a skip connection', () => {
    const base = mlp();
    const skip = [base.nodes[0], node('Relu', ['h'], ['r1'], 'relu1'), node('Add', ['h', 'r1'], ['r'], 'skip'), base.nodes[2]];
    expect(refusal(encode({ ...base, nodes: skip }))).toMatch(/Add node "skip" combines 2 paths \("h", "r1"\): branches and skip connections are not supported/);
    const branch = [base.nodes[0], node('Sigmoid', ['h'], ['side'], 'side_branch'), node('Relu', ['h'], ['r'], 'relu1'), base.nodes[2]];
    expect(refusal(encode({ ...base, nodes: branch }))).toMatch(/Value "h" feeds both Sigmoid node "side_branch" and Relu node "relu1": branches and skip connections/);
  });

  it('a reshape whose target shape cannot be resolved statically', () => {
    const inits = [...(mlp().inits ?? []), int64Tensor('zero', [], [0]), int64Tensor('k', [1], [784])];
    const nodes = [
      node('Shape', ['x'], ['s'], 'shape'),
      node('Gather', ['s', 'zero'], ['n'], 'batch', { axis: 0 }),
      node('Mul', ['n', 'n'], ['nn'], 'square'),
      node('Reshape', ['x', 'nn'], ['flat'], 'view'),
      ...mlp().nodes.map((n) => ({ ...n, input: (n.input ?? []).map((i) => (i === 'x' ? 'flat' : i)) })),
    ];
    expect(refusal(encode({ input: ['N', 1, 28, 28], inits, nodes }))).toMatch(/Mul node "square" computes a shape that cannot be resolved statically/);
  });

  it('wrong input rank, a non-MNIST input, integer input, not 10 outputs', () => {
    expect(refusal(encode(mlp({ input: ['N', 28, 28] })))).toMatch(/Input "x" \[N, 28, 28\] has rank 3.*\[N, 1, 28, 28\]/);
    expect(refusal(encode(mlp({ input: ['N', 3, 32, 32] })))).toMatch(/\[N, 3, 32, 32\] is not MNIST-shaped/);
    expect(refusal(encode(mlp({ inputType: onnx.TensorProto.DataType.INT64 })))).toMatch(/not float32/);
    const five = mlp();
    const inits = [...(five.inits ?? []).slice(0, 2), floatTensor('w2', [5, 16], random(80)), floatTensor('b2', [5], random(5))];
    expect(refusal(encode({ ...five, inits }))).toMatch(/shape \[N, 5\].*10 outputs/);
  });

  it('group and dilated convolutions, an unknown opset domain', () => {
    const conv = (attrs: Record<string, number | number[]>) => encode({
      inits: [floatTensor('k', [4, 1, 3, 3], random(36)), floatTensor('w', [10, 4 * 26 * 26], random(27040))],
      nodes: [node('Conv', ['x', 'k'], ['c'], 'conv', { kernel_shape: [3, 3], ...attrs }), node('Flatten', ['c'], ['f'], 'flat', { axis: 1 }), node('Gemm', ['f', 'w'], ['y'], 'fc', { transB: 1 })],
    });
    expect(importOnnx(conv({})).prunableLayers).toEqual(['conv1', 'fc1']);
    expect(refusal(conv({ dilations: [2, 2] }))).toMatch(/Conv node "conv": dilations \[2, 2\] are not supported/);
    const grouped = encode({ ...mlp(), nodes: [{ ...mlp().nodes[0], domain: 'com.microsoft' }, ...mlp().nodes.slice(1)] });
    expect(refusal(grouped)).toMatch(/domain "com.microsoft"/);
  });
});

/** Max |Δ| between the imported model and onnxruntime-web on `n` random images. */
async function disagreement(bytes: Uint8Array, n = 6): Promise<number> {
  const imp = importOnnx(bytes);
  const x = random(n * 784, 1);
  const app = tf.tidy(() => (imp.model.predict(tf.tensor4d(x, [n, 28, 28, 1])) as tf.Tensor).dataSync());
  imp.model.dispose();
  const flat = imp.graph.inputLayout === 'flat';
  const out = await (await onnxSession(bytes)).run({ x: new ort.Tensor('float32', x, flat ? [n, 784] : [n, 1, 28, 28]) });
  // the import drops a final Softmax / LogSoftmax (the app reads logits): compare log-probabilities
  const reference = out.y.data as Float32Array;
  const expected = imp.graph.output === 'softmax' ? reference.map(Math.log) : reference;
  const got = imp.graph.output === 'logits' ? app : tf.tidy(() => tf.logSoftmax(tf.tensor2d(app as Float32Array, [n, 10])).dataSync());
  return Math.max(...Array.from(got as Float32Array, (v, i) => Math.abs(v - expected[i])));
}

describe('ONNX import computes what onnxruntime-web computes', () => {
  it('strided, asymmetrically padded conv over 2 channels, GlobalAveragePool, MatMul + Add, Sigmoid, Gemm without transB, Softmax', async () => {
    const bytes = encode({
      inits: [
        floatTensor('k1', [2, 1, 3, 3], random(18, 0.5)), floatTensor('c1', [2], random(2)),
        floatTensor('k2', [6, 2, 3, 3], random(108, 0.5)),
        floatTensor('m', [6, 12], random(72, 0.5)), floatTensor('mb', [12], random(12)),
        floatTensor('g', [12, 10], random(120, 0.5)), floatTensor('gb', [10], random(10)),
      ],
      nodes: [
        node('Conv', ['x', 'k1', 'c1'], ['a'], 'conv_a', { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 0, 2, 1] }),
        node('Tanh', ['a'], ['a2'], 'tanh_a'),
        node('Conv', ['a2', 'k2'], ['b'], 'conv_b', { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }),
        node('Sigmoid', ['b'], ['b2'], 'sig_b'),
        node('GlobalAveragePool', ['b2'], ['p'], 'gap'),
        node('Flatten', ['p'], ['f'], 'flat', { axis: 1 }),
        node('MatMul', ['f', 'm'], ['mm'], 'matmul'),
        node('Add', ['mm', 'mb'], ['h'], 'bias'),
        node('Relu', ['h'], ['r'], 'relu'),
        node('Gemm', ['r', 'g', 'gb'], ['z'], 'gemm'),
        node('Softmax', ['z'], ['y'], 'softmax', { axis: 1 }),
      ],
    });
    expect(await disagreement(bytes)).toBeLessThan(1e-4);
  });

  it('[N, 784] input, BatchNormalization over a vector, LeakyReLU, Dropout and Identity, LogSoftmax', async () => {
    const bytes = encode({
      input: ['N', 784],
      inits: [
        floatTensor('w1', [784, 32], random(784 * 32)), floatTensor('b1', [32], random(32)),
        floatTensor('s', [32], random(32, 1).map((v) => 1 + v)), floatTensor('bb', [32], random(32)),
        floatTensor('mu', [32], random(32)), floatTensor('var', [32], random(32).map((v) => 0.5 + Math.abs(v))),
        floatTensor('w2', [32, 10], random(320, 0.5)),
      ],
      nodes: [
        node('MatMul', ['x', 'w1'], ['h0'], 'matmul'),
        node('Add', ['h0', 'b1'], ['h'], 'bias'),
        node('BatchNormalization', ['h', 's', 'bb', 'mu', 'var'], ['n'], 'bn', { epsilon: 0.001 }),
        node('LeakyRelu', ['n'], ['l'], 'leaky', { alpha: 0.2 }),
        node('Dropout', ['l'], ['d'], 'drop'),
        node('Identity', ['d'], ['i'], 'id'),
        node('MatMul', ['i', 'w2'], ['z'], 'out'),
        node('LogSoftmax', ['z'], ['y'], 'logsoftmax', { axis: 1 }),
      ],
    });
    expect(await disagreement(bytes)).toBeLessThan(1e-4);
    const imp = importOnnx(bytes);
    expect(imp.graph.layers.map((l) => l.kind)).toEqual(['dense', 'batchnorm', 'activation', 'dense']);
    imp.model.dispose();
  });
});

describe('an imported graph is a model description', () => {
  const fixture = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../../e2e/fixtures/onnx/${name}`, import.meta.url))));

  it("the tutorial's Net: LeNet-5's layers and 431,080 parameters; channels removable except the output's", () => {
    const imp = importOnnx(fixture('net.onnx'), 'mnist', 'net.onnx');
    expect(imp.info.layers.map((l) => `${l.kind}:${l.name}`)).toEqual(['conv2d:conv1', 'maxPool2d:pool1', 'conv2d:conv2', 'maxPool2d:pool2', 'flatten:flatten1', 'dense:fc1', 'dense:fc2']);
    expect(paramCount(imp.info)).toBe(431_080);
    expect(imp.info.prunableLayers).toEqual(['conv1', 'conv2', 'fc1', 'fc2']);
    expect(imp.info.channelLayers).toEqual(['conv1', 'conv2', 'fc1']);
    expect(imp.info.input).toEqual({ kind: 'image', shape: [28, 28, 1], mean: 0.1307, std: 0.3081 });
    expect(imp.graph.output).toBe('logsoftmax');
    imp.model.dispose();
  });

  it('the BatchNormalization CNN keeps BN as layers (trainable parameters as PyTorch counts them); a conv followed by BN keeps its channels', () => {
    const imp = importOnnx(fixture('cnn-bn.onnx'), 'unit');
    expect(imp.info.layers.map((l) => l.kind)).toEqual(['conv2d', 'batchNorm', 'activation', 'avgPool2d', 'conv2d', 'batchNorm', 'activation', 'maxPool2d', 'flatten', 'dense', 'dense']);
    // conv 8·9 + 8, BN 2·8, conv 16·8·9 + 16, BN 2·16, fc 576·64 + 64, fc 64·10 + 10 (torch's sum of p.numel())
    expect(paramCount(imp.info)).toBe(80 + 16 + 1168 + 32 + 36928 + 650);
    expect(imp.info.channelLayers).toEqual(['fc1']);
    const card = modelCard(imp.info);
    expect(card.summary).toMatch(/^Imported ONNX \(opset 15.*\): conv → BN → pool → conv → BN → pool → dense → dense$/);
    expect(card.rows.map((r) => r.what).slice(0, 4)).toEqual(['8 filters 3×3, same padding', expect.stringMatching(/^batch norm over 8 channels/), 'LeakyReLU 0.1', 'average-pool 2×2']);
    expect(card.params).toBe(paramCount(imp.info));
    expect(imp.info.input).toMatchObject({ mean: 0, std: 1 });
    imp.model.dispose();
  });
});
