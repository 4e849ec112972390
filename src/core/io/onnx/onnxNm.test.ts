// An N:M-pruned model is N:M in the file it is exported to, not only in tfjs's layout: every
// group of M consecutive inputs of every exported weight initializer holds at most N
// non-zeros (a partial last group at most its share), read straight from model.onnx:
// - Gemm B [in, out] (the dense layers, fc1's rows in NCHW flatten order as PyTorch's
//   Linear after x.view reads them): M consecutive inputs for each output;
// - Conv W [out, in, kh, kw]: the fan-in in channels-last order (kh, kw, in), the input
//   channel fastest, as NVIDIA's ASP groups conv weights (for conv1's single input channel
//   that is PyTorch's own flatten order (kh, kw)).

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnnx } from './onnxExport';
import { decodeModel, floatValues } from './onnxProto';
import { maskWeights } from '../../lab/context';
import { getModelSpec } from '../../nets/registry';
import { snapshotWeights } from '../../train/modelWeights';
import { PruneController } from '../../prune/controller';
import { keptInGroup, nmSpec } from '../../prune/nmMasks';
import { methodFor, NM_PATTERNS, type NmPattern } from '../../method';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

interface GroupCount {
  readonly groups: number;
  readonly over: number;
}

/** Groups of M consecutive inputs (per output) of one exported initializer holding more than their kept count. */
function exportedGroups(dims: readonly number[], values: Float32Array, pattern: NmPattern): GroupCount {
  const spec = nmSpec(pattern);
  // input k of output o → flat index in the initializer
  let outputs: number;
  let fanIn: number;
  let at: (o: number, k: number) => number;
  if (dims.length === 2) {
    const [inputs, outs] = dims;
    [outputs, fanIn, at] = [outs, inputs, (o, k) => k * outs + o];
  } else if (dims.length === 4) {
    const [outs, cin, kh, kw] = dims;
    [outputs, fanIn] = [outs, cin * kh * kw];
    at = (o, k) => {
      const c = k % cin; // channels-last fan-in (y, x, c)
      const x = Math.floor(k / cin) % kw;
      const y = Math.floor(k / (cin * kw));
      return ((o * cin + c) * kh + y) * kw + x;
    };
  } else {
    throw new Error(`unexpected initializer dims [${dims.join(', ')}]`);
  }
  let groups = 0;
  let over = 0;
  for (let o = 0; o < outputs; o++) {
    for (let start = 0; start < fanIn; start += spec.m) {
      const size = Math.min(spec.m, fanIn - start);
      let nz = 0;
      for (let j = 0; j < size; j++) if (values[at(o, start + j)] !== 0) nz++;
      groups++;
      if (nz > keptInGroup(spec, size)) over++;
    }
  }
  return { groups, over };
}

describe('N:M in model.onnx', () => {
  it.each(['lenet5', 'lenet300'] as const)('every group of M consecutive inputs of every exported weight holds at most N non-zeros (%s, each pattern)', async (id) => {
    const spec = getModelSpec(id);
    const layers = spec.prunableLayers;
    const model = spec.build(1, 0);
    const dense = await snapshotWeights(model);
    const topology = model.toJSON(null, false) as object;
    const controller = new PruneController(layers, dense);
    for (const pattern of NM_PATTERNS) {
      const weights = maskWeights(dense, layers, controller.compute(methodFor(layers, { structure: 'nm', nm: pattern })));
      const inits = decodeModel(buildOnnx({ model: id, topology, weights })).graph?.initializer ?? [];
      const byLayer = layers.map((l) => {
        const t = inits.find((i) => i.name === `${l}.weight`);
        if (!t) throw new Error(`no initializer ${l}.weight`);
        return { layer: l, ...exportedGroups((t.dims ?? []).map(Number), floatValues(t), pattern) };
      });
      // LeNet-5's fc1 alone has 100,000 groups of 4 (800 inputs × 500 outputs / 4)
      if (id === 'lenet5' && pattern === '2:4') expect(byLayer.find((g) => g.layer === 'fc1')?.groups).toBe(100_000);
      for (const g of byLayer) expect(g.over, `${pattern} ${g.layer}: groups over N of ${g.groups}`).toBe(0);
    }
    model.dispose();
  });
});
