// One ONNX node on the data path → one PruneLab layer (or none: Dropout, Identity, a reshape
// that changes nothing, a final Softmax). Weights are copied in ONNX's layouts; the checks
// refuse what a tfjs layer would compute differently (dilation, groups, ceil_mode that adds
// a row, average pooling that counts padding, BatchNormalization in training mode).

import { OnnxImportError, dimsOf, floatData } from './onnxImportDecode';
import { attr, intAttr, intsAttr, nodeLabel, type IntValue } from './onnxImportConsts';
import type { Activation, Feat, ImportedLayer } from './onnxImportTypes';
import type { NodeProto, TensorProto } from './onnxProto';

export const SUPPORTED_OPS = ['Conv', 'Gemm', 'MatMul', 'Add', 'Relu', 'LeakyRelu', 'Sigmoid', 'Tanh', 'MaxPool', 'AveragePool', 'GlobalAveragePool', 'Flatten', 'Reshape', 'BatchNormalization', 'Dropout', 'Identity', 'Pad', 'Softmax', 'LogSoftmax'];

export interface OpContext {
  readonly opset: number;
  tensor(name: string): TensorProto | undefined;
  int(name: string): IntValue | undefined;
  readonly layers: readonly ImportedLayer[];
}

export interface OpResult {
  readonly layer: ImportedLayer | null;
  readonly feat: Feat;
  readonly final?: 'softmax' | 'logsoftmax';
}

const ACTIVATIONS: Readonly<Record<string, Activation>> = { Relu: 'relu', Tanh: 'tanh', Sigmoid: 'sigmoid', LeakyRelu: 'leakyrelu' };

function fail(n: NodeProto, why: string): never {
  throw new OnnxImportError(`${nodeLabel(n)}: ${why}`);
}

function nextName(ctx: OpContext, prefix: string, kinds: readonly ImportedLayer['kind'][]): string {
  return `${prefix}${ctx.layers.filter((l) => kinds.includes(l.kind)).length + 1}`;
}

/** A weight input: a float initializer (or Constant) of the expected rank. */
function weight(n: NodeProto, ctx: OpContext, index: number, rank: number | null): { values: Float32Array; dims: number[] } | null {
  const name = (n.input ?? [])[index];
  if (!name) return null;
  const t = ctx.tensor(name);
  if (!t) fail(n, `input "${name}" is not a stored weight (computed weights are not supported).`);
  const dims = dimsOf(t);
  if (rank !== null && dims.length !== rank) fail(n, `weight "${name}" has rank ${dims.length}, expected ${rank}.`);
  return { values: floatData(t, `weight of ${nodeLabel(n)}`), dims };
}

function pair(v: number[] | undefined, fallback: number, n: NodeProto, what: string): [number, number] {
  if (v === undefined) return [fallback, fallback];
  if (v.length !== 2) fail(n, `${what} [${v.join(', ')}] is not 2-D.`);
  return [v[0], v[1]];
}

/** Window pads [top, left, bottom, right] and output size; refuses ceil_mode adding a row. */
function windowOf(n: NodeProto, f: Feat & { kind: 'map' }, k: [number, number], s: [number, number]): { pads: [number, number, number, number]; h: number; w: number } {
  const dil = intsAttr(n, 'dilations');
  if (dil && dil.some((d) => d !== 1)) fail(n, `dilations [${dil.join(', ')}] are not supported (dilation 1 only).`);
  const auto = attr(n, 'auto_pad');
  let pads = intsAttr(n, 'pads') ?? [0, 0, 0, 0];
  if (auto === 'SAME_UPPER' || auto === 'SAME_LOWER') {
    const same = (size: number, kk: number, ss: number) => {
      const total = Math.max((Math.ceil(size / ss) - 1) * ss + kk - size, 0);
      const small = Math.floor(total / 2);
      return auto === 'SAME_UPPER' ? [small, total - small] : [total - small, small];
    };
    const [ph, pw] = [same(f.h, k[0], s[0]), same(f.w, k[1], s[1])];
    pads = [ph[0], pw[0], ph[1], pw[1]];
  } else if (auto === 'VALID') pads = [0, 0, 0, 0];
  if (pads.length !== 4) fail(n, `pads [${pads.join(', ')}] are not 2-D.`);
  const size = (len: number, a: number, b: number, kk: number, ss: number, round: (x: number) => number) => round((len + a + b - kk) / ss) + 1;
  const h = size(f.h, pads[0], pads[2], k[0], s[0], Math.floor);
  const w = size(f.w, pads[1], pads[3], k[1], s[1], Math.floor);
  if (intAttr(n, 'ceil_mode', 0) === 1 && (size(f.h, pads[0], pads[2], k[0], s[0], Math.ceil) !== h || size(f.w, pads[1], pads[3], k[1], s[1], Math.ceil) !== w)) {
    fail(n, 'ceil_mode 1 adds a partial window here, which is not supported (ceil_mode 0 only).');
  }
  if (h <= 0 || w <= 0) fail(n, `its window does not fit the ${f.h} × ${f.w} input.`);
  return { pads: [pads[0], pads[1], pads[2], pads[3]], h, w };
}

function needMap(n: NodeProto, f: Feat): asserts f is Feat & { kind: 'map' } {
  if (f.kind !== 'map') fail(n, `needs an image feature map [N, C, H, W], got a flat [N, ${f.size}].`);
}

function conv(n: NodeProto, f: Feat, ctx: OpContext): OpResult {
  needMap(n, f);
  if (intAttr(n, 'group', 1) !== 1) fail(n, `group ${intAttr(n, 'group', 1)} is not supported (group 1 only).`);
  const w = weight(n, ctx, 1, 4) as { values: Float32Array; dims: number[] };
  const [out, inC, kh, kw] = w.dims;
  if (inC !== f.c) fail(n, `its weight reads ${inC} channels, the input has ${f.c}.`);
  const b = weight(n, ctx, 2, 1);
  const s = pair(intsAttr(n, 'strides'), 1, n, 'strides');
  const win = windowOf(n, f, [kh, kw], s);
  const layer: ImportedLayer = { kind: 'conv', name: nextName(ctx, 'conv', ['conv']), weight: w.values, bias: b?.values ?? null, filters: out, inChannels: inC, kernel: [kh, kw], strides: s, pads: win.pads, onnxNode: n.name ?? '' };
  return { layer, feat: { kind: 'map', c: out, h: win.h, w: win.w } };
}

function dense(n: NodeProto, f: Feat, ctx: OpContext, values: Float32Array, inputs: number, units: number, bias: Float32Array | null): OpResult {
  if (f.kind !== 'flat') fail(n, `reads an image feature map [N, ${f.c}, ${f.h}, ${f.w}]: a Flatten or Reshape must come first.`);
  if (inputs !== f.size) fail(n, `its weight reads ${inputs} features, the input has ${f.size}.`);
  const fromMap = f.from && f.from.h * f.from.w > 1 ? f.from : null;
  const layer: ImportedLayer = { kind: 'dense', name: nextName(ctx, 'fc', ['dense']), weight: values, bias, units, inputs, fromMap, onnxNode: n.name ?? '' };
  return { layer, feat: { kind: 'flat', size: units, from: null } };
}

function gemm(n: NodeProto, f: Feat, ctx: OpContext): OpResult {
  if (intAttr(n, 'transA', 0) !== 0) fail(n, 'transA 1 is not supported.');
  const w = weight(n, ctx, 1, 2) as { values: Float32Array; dims: number[] };
  const transB = intAttr(n, 'transB', 0) === 1;
  const [inputs, units] = transB ? [w.dims[1], w.dims[0]] : w.dims;
  const alpha = (attr(n, 'alpha') as number | undefined) ?? 1;
  const beta = (attr(n, 'beta') as number | undefined) ?? 1;
  const values = new Float32Array(inputs * units);
  for (let i = 0; i < inputs; i++) for (let o = 0; o < units; o++) values[i * units + o] = alpha * w.values[transB ? o * inputs + i : i * units + o];
  const c = weight(n, ctx, 2, null);
  if (c && c.values.length !== units && c.values.length !== 1) fail(n, `bias of ${c.values.length} values for ${units} outputs.`);
  const bias = c ? Float32Array.from({ length: units }, (_, o) => beta * c.values[c.values.length === 1 ? 0 : o]) : null;
  return dense(n, f, ctx, values, inputs, units, bias);
}

function addBias(n: NodeProto, f: Feat, ctx: OpContext): OpResult {
  const prev = ctx.layers[ctx.layers.length - 1];
  const name = (n.input ?? []).find((i) => ctx.tensor(i));
  const t = name ? ctx.tensor(name) : undefined;
  const width = prev?.kind === 'dense' ? prev.units : prev?.kind === 'conv' ? prev.filters : 0;
  const dims = t ? dimsOf(t) : [];
  const perChannel = prev?.kind === 'dense' ? dims.length <= 2 && dims.slice(0, -1).every((d) => d === 1) : dims.length === 3 && dims[1] === 1 && dims[2] === 1;
  if (!t || (prev?.kind !== 'dense' && prev?.kind !== 'conv') || prev.bias !== null || !perChannel || dims.reduce((a, b) => a * b, 1) !== width) {
    fail(n, 'Add is supported only as the bias of the MatMul (or bias-free Conv) just before it; other additions (e.g. skip connections) are not.');
  }
  prev.bias = floatData(t, `bias of ${nodeLabel(n)}`);
  return { layer: null, feat: f };
}

function pool(n: NodeProto, f: Feat, ctx: OpContext): OpResult {
  needMap(n, f);
  const k = pair(intsAttr(n, 'kernel_shape'), 0, n, 'kernel_shape');
  const s = pair(intsAttr(n, 'strides'), 1, n, 'strides');
  const win = windowOf(n, f, k, s);
  const avg = n.opType === 'AveragePool';
  if (avg && intAttr(n, 'count_include_pad', 0) === 1 && win.pads.some((p) => p > 0)) fail(n, 'count_include_pad 1 with padding is not supported.');
  if ((n.output ?? []).length > 1 && (n.output ?? [])[1]) fail(n, 'the Indices output of MaxPool is not supported.');
  const layer: ImportedLayer = { kind: avg ? 'avgpool' : 'maxpool', name: nextName(ctx, 'pool', ['maxpool', 'avgpool', 'globalavgpool']), kernel: k, strides: s, pads: win.pads, onnxNode: n.name ?? '' };
  return { layer, feat: { kind: 'map', c: f.c, h: win.h, w: win.w } };
}

function flatten(n: NodeProto, f: Feat, ctx: OpContext): OpResult {
  if (f.kind === 'flat') return { layer: null, feat: f };
  return { layer: { kind: 'flatten', name: nextName(ctx, 'flatten', ['flatten']), onnxNode: n.name ?? '' }, feat: { kind: 'flat', size: f.c * f.h * f.w, from: f } };
}

/** Reshape to [N, features] (a flatten) or to the same shape; the target must resolve statically. */
function reshape(n: NodeProto, f: Feat, ctx: OpContext): OpResult {
  const target = ctx.opset >= 5 ? ctx.int((n.input ?? [])[1] ?? '') : { values: intsAttr(n, 'shape') ?? [], scalar: false };
  if (!target) fail(n, 'its target shape is computed at run time and could not be resolved statically (supported: constants and Shape/Gather/Unsqueeze/Concat of known shapes).');
  const cur = f.kind === 'map' ? ['N', f.c, f.h, f.w] : ['N', f.size];
  const per = f.kind === 'map' ? f.c * f.h * f.w : f.size;
  const dims = target.values.map((d, i) => (d === 0 && intAttr(n, 'allowzero', 0) === 0 ? cur[i] : d));
  const shown = `[${target.values.join(', ')}]`;
  let rest = dims.slice(1);
  if (dims[0] === -1) {
    if (rest.some((d) => d === -1 || d === 'N')) fail(n, `target shape ${shown} does not resolve.`);
  } else if (dims[0] !== 'N') fail(n, `target shape ${shown} does not keep the batch dimension first.`);
  const known = rest.filter((d): d is number => typeof d === 'number' && d !== -1).reduce((a, b) => a * b, 1);
  rest = rest.map((d) => (d === -1 ? per / known : d));
  const product = rest.reduce<number>((a, b) => a * (b as number), 1);
  if (product !== per || rest.some((d) => !Number.isInteger(d))) fail(n, `target shape ${shown} does not hold the ${per} features of each example.`);
  if (rest.length === 1) return flatten(n, f, ctx);
  if (rest.length === cur.length - 1 && rest.every((d, i) => d === cur[i + 1])) return { layer: null, feat: f };
  return fail(n, `reshapes to ${shown}: only reshapes to [N, features] (a flatten) are supported.`);
}

function batchNorm(n: NodeProto, f: Feat, ctx: OpContext): OpResult {
  if (intAttr(n, 'training_mode', 0) !== 0 || (n.output ?? []).slice(1).some((o) => o)) fail(n, 'BatchNormalization in training mode is not supported: export the model in eval mode (model.eval()).');
  const channels = f.kind === 'map' ? f.c : f.size;
  const [gamma, beta, mean, variance] = [1, 2, 3, 4].map((i) => weight(n, ctx, i, 1));
  if (!gamma || !beta || !mean || !variance || [gamma, beta, mean, variance].some((p) => p.values.length !== channels)) fail(n, `its parameters do not have ${channels} channels.`);
  const epsilon = (attr(n, 'epsilon') as number | undefined) ?? 1e-5;
  const layer: ImportedLayer = { kind: 'batchnorm', name: nextName(ctx, 'bn', ['batchnorm']), gamma: gamma.values, beta: beta.values, mean: mean.values, variance: variance.values, epsilon, onnxNode: n.name ?? '' };
  return { layer, feat: f };
}

function softmax(n: NodeProto, f: Feat, ctx: OpContext): OpResult {
  if (f.kind !== 'flat') fail(n, 'a Softmax over an image feature map is not supported (only over the class scores at the end).');
  const axis = intAttr(n, 'axis', ctx.opset >= 13 ? -1 : 1);
  if (axis !== 1 && axis !== -1) fail(n, `axis ${axis}: only the class axis (1) is supported.`);
  return { layer: null, feat: f, final: n.opType === 'Softmax' ? 'softmax' : 'logsoftmax' };
}

/** A Pad that pads nothing (PyTorch writes one before AveragePool with count_include_pad) is a no-op. */
function pad(n: NodeProto, f: Feat, ctx: OpContext): OpResult {
  const pads = ctx.opset >= 11 ? ctx.int((n.input ?? [])[1] ?? '')?.values : intsAttr(n, 'pads');
  if (!pads) fail(n, 'its pads are computed at run time and could not be resolved statically.');
  if (pads.some((p) => p !== 0)) fail(n, `pads [${pads.join(', ')}]: only a Pad that pads nothing is supported (padding belongs in the Conv or pool's pads).`);
  return { layer: null, feat: f };
}

/** The layer for node `n` reading data value `x` of shape `f`. */
export function mapOp(n: NodeProto, x: string, f: Feat, ctx: OpContext): OpResult {
  const op = n.opType ?? '';
  if ((n.input ?? [])[0] !== x && op !== 'Add' && op !== 'MatMul') fail(n, `reads the data path as input ${(n.input ?? []).indexOf(x)}, not as its first input.`);
  const fn = ACTIVATIONS[op];
  if (fn) {
    const alpha = fn === 'leakyrelu' ? ((attr(n, 'alpha') as number | undefined) ?? 0.01) : 0;
    return { layer: { kind: 'activation', name: nextName(ctx, 'act', ['activation']), fn, alpha, onnxNode: n.name ?? '' }, feat: f };
  }
  switch (op) {
    case 'Conv':
      return conv(n, f, ctx);
    case 'Gemm':
      return gemm(n, f, ctx);
    case 'MatMul': {
      if ((n.input ?? [])[0] !== x) fail(n, 'multiplies a weight by the data (W·x); only x·W is supported.');
      const w = weight(n, ctx, 1, 2) as { values: Float32Array; dims: number[] };
      return dense(n, f, ctx, w.values, w.dims[0], w.dims[1], null);
    }
    case 'Add':
      return addBias(n, f, ctx);
    case 'MaxPool':
    case 'AveragePool':
      return pool(n, f, ctx);
    case 'GlobalAveragePool':
      needMap(n, f);
      return { layer: { kind: 'globalavgpool', name: nextName(ctx, 'pool', ['maxpool', 'avgpool', 'globalavgpool']), onnxNode: n.name ?? '' }, feat: { kind: 'flat', size: f.c, from: null } };
    case 'Flatten':
      if (intAttr(n, 'axis', 1) !== 1) fail(n, `axis ${intAttr(n, 'axis', 1)}: only Flatten with axis 1 is supported.`);
      return flatten(n, f, ctx);
    case 'Reshape':
      return reshape(n, f, ctx);
    case 'BatchNormalization':
      return batchNorm(n, f, ctx);
    case 'Dropout':
      if ((n.output ?? []).slice(1).some((o) => o)) fail(n, 'the mask output of Dropout is not supported.');
      return { layer: null, feat: f };
    case 'Identity':
      return { layer: null, feat: f };
    case 'Pad':
      return pad(n, f, ctx);
    case 'Softmax':
    case 'LogSoftmax':
      return softmax(n, f, ctx);
    default:
      return fail(n, `unsupported operator ${op}. PruneLab imports ${SUPPORTED_OPS.join(', ')} (with Constant/Shape/Gather/Unsqueeze/Concat for reshapes), in a single chain.`);
  }
}
