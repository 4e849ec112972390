// Reads a decoded ONNX graph as PruneLab's chain of layers: checks the input is MNIST-shaped
// ([N, 1, 28, 28] or [N, 784] float32), orders the nodes (refusing a cycle), evaluates shape
// side-graphs and Constant nodes statically, and walks the data path from the input, where
// every node must have exactly one data input and every value exactly one data consumer (a
// branch or skip connection is refused). Each op of the path becomes a layer (onnxImportOps).

import { OnnxImportError, decodeOnnx, dimsOf, floatData, toNumber } from './onnxImportDecode';
import { constantTensor, evalIntNode, intsAttr, intValueOf, nodeLabel, type IntValue, type Sym } from './onnxImportConsts';
import { mapOp, SUPPORTED_OPS, type OpContext, type OpResult } from './onnxImportOps';
import type { Feat, ImportedGraph, ImportedLayer } from './onnxImportTypes';
import type onnxProto from 'onnx-proto';
import { floatTensor, onnx, type NodeProto, type TensorProto } from './onnxProto';

/** Nodes in an order where each comes after the producers of its inputs; refuses cycles. */
function topoOrder(nodes: readonly NodeProto[]): NodeProto[] {
  const producer = new Map<string, number>();
  nodes.forEach((n, i) => {
    for (const o of n.output ?? []) {
      if (!o) continue;
      if (producer.has(o)) throw new OnnxImportError(`Value "${o}" is produced by two nodes (${nodeLabel(nodes[producer.get(o) ?? 0])} and ${nodeLabel(n)}): not a valid ONNX graph.`);
      producer.set(o, i);
    }
  });
  const indegree = nodes.map(() => 0);
  const users: number[][] = nodes.map(() => []);
  nodes.forEach((n, i) => {
    for (const inp of n.input ?? []) {
      const p = producer.get(inp);
      if (p === undefined) continue;
      indegree[i]++;
      users[p].push(i);
    }
  });
  const ready = indegree.flatMap((d, i) => (d === 0 ? [i] : []));
  const order: NodeProto[] = [];
  while (ready.length > 0) {
    const i = ready.shift() as number;
    order.push(nodes[i]);
    for (const u of users[i]) if (--indegree[u] === 0) ready.push(u);
  }
  if (order.length < nodes.length) {
    const stuck = nodes.find((_, i) => indegree[i] > 0) as NodeProto;
    throw new OnnxImportError(`The graph has a cycle through ${nodeLabel(stuck)}: only feed-forward (acyclic) graphs are supported.`);
  }
  return order;
}

function dimOf(d: { dimValue?: unknown; dimParam?: string | null }): number | string {
  const v = toNumber(d.dimValue as number | null | undefined);
  return v > 0 ? v : d.dimParam || '?';
}

/** The one data input, checked to be MNIST-shaped float32. */
function graphInput(inputs: readonly onnxProto.onnx.IValueInfoProto[], initNames: ReadonlySet<string>): { name: string; feat: Feat; layout: 'nchw' | 'flat' } {
  const real = inputs.filter((i) => !initNames.has(i.name ?? ''));
  if (real.length !== 1) throw new OnnxImportError(`The graph has ${real.length} inputs (${real.map((i) => `"${i.name ?? ''}"`).join(', ')}): PruneLab reads models with one image input, [N, 1, 28, 28] or [N, 784] float32.`);
  const input = real[0];
  const tensor = input.type?.tensorType;
  const name = input.name ?? '';
  if (!tensor) throw new OnnxImportError(`Input "${name}" is not a tensor: an MNIST image input [N, 1, 28, 28] or [N, 784] float32 is expected.`);
  if (tensor.elemType !== onnx.TensorProto.DataType.FLOAT) throw new OnnxImportError(`Input "${name}" has element type ${tensor.elemType ?? 0}, not float32: an MNIST image input [N, 1, 28, 28] or [N, 784] float32 is expected.`);
  const dims = (tensor.shape?.dim ?? []).map(dimOf);
  const shown = `[${dims.join(', ')}]`;
  if (dims.length === 4 && dims[1] === 1 && dims[2] === 28 && dims[3] === 28) return { name, feat: { kind: 'map', c: 1, h: 28, w: 28 }, layout: 'nchw' };
  if (dims.length === 2 && dims[1] === 784) return { name, feat: { kind: 'flat', size: 784, from: { c: 1, h: 28, w: 28 } }, layout: 'flat' };
  const why = dims.length === 4 || dims.length === 2 ? 'is not MNIST-shaped' : `has rank ${dims.length}`;
  throw new OnnxImportError(`Input "${name}" ${shown} ${why}: PruneLab reads MNIST models whose input is [N, 1, 28, 28] (NCHW) or [N, 784] float32.`);
}

/** A Transpose of a stored 2-D weight (the dynamo exporter writes Linear as Transpose → MatMul), folded at import. */
function transposeConstant(n: NodeProto, t: TensorProto): TensorProto {
  const dims = dimsOf(t);
  const perm = intsAttr(n, 'perm') ?? [1, 0];
  if (dims.length !== 2 || perm[0] !== 1 || perm[1] !== 0) throw new OnnxImportError(`${nodeLabel(n)}: only the transpose of a 2-D weight is supported.`);
  const [r, c] = dims;
  const v = floatData(t, `input of ${nodeLabel(n)}`);
  const out = new Float32Array(v.length);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = v[i * c + j];
  return floatTensor((n.output ?? [])[0] ?? '', [c, r], out);
}

/** Parses model.onnx bytes into PruneLab's layer chain, or throws an OnnxImportError. */
export function readOnnxGraph(bytes: Uint8Array): ImportedGraph {
  const { model, opset } = decodeOnnx(bytes);
  const graph = model.graph as onnxProto.onnx.IGraphProto;
  const tensors = new Map<string, TensorProto>((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
  const input = graphInput(graph.input ?? [], new Set(tensors.keys()));
  const ints = new Map<string, IntValue>();
  const data = new Map<string, Feat>([[input.name, input.feat]]);
  const consumedBy = new Map<string, string>();
  const layers: ImportedLayer[] = [];
  const shapes: Feat[] = [];
  let output: ImportedGraph['output'] = 'logits';
  let last = input.name;
  const ctx: OpContext = {
    opset,
    tensor: (name) => tensors.get(name),
    int: (name) => ints.get(name) ?? (tensors.has(name) ? intValueOf(tensors.get(name) as TensorProto, 'initializer') : undefined),
    layers,
  };
  for (const n of topoOrder(graph.node ?? [])) {
    const ins = n.input ?? [];
    const dataIns = ins.filter((i) => data.has(i));
    const outs = n.output ?? [];
    if (n.opType === 'Constant') {
      const t = constantTensor(n);
      tensors.set(outs[0], t);
      continue;
    }
    if (n.opType === 'Shape' && dataIns.length === 1) {
      const f = data.get(dataIns[0]) as Feat;
      const shape: Sym[] = f.kind === 'map' ? ['N', f.c, f.h, f.w] : ['N', f.size];
      ints.set(outs[0], { values: shape, scalar: false });
      continue;
    }
    if (dataIns.length === 0 && n.opType === 'Transpose' && tensors.has(ins[0])) {
      tensors.set(outs[0], transposeConstant(n, tensors.get(ins[0]) as TensorProto));
      continue;
    }
    if (dataIns.length === 0) {
      const onShapes = ins.some((i) => ints.has(i));
      if (!onShapes && !SUPPORTED_OPS.includes(n.opType ?? '') && !['Gather', 'Unsqueeze', 'Squeeze', 'Concat', 'Slice', 'Cast'].includes(n.opType ?? '')) {
        throw new OnnxImportError(`Unsupported operator ${n.opType ?? '?'} (${nodeLabel(n)}). PruneLab imports ${SUPPORTED_OPS.join(', ')}, with Constant/Shape/Gather/Unsqueeze/Concat for reshapes.`);
      }
      ints.set(outs[0], evalIntNode(n, ins.map((i) => (i ? ctx.int(i) : undefined)), opset));
      continue;
    }
    if (dataIns.length > 1 || ins.filter((i) => i === dataIns[0]).length > 1) {
      throw new OnnxImportError(`${nodeLabel(n)} combines ${dataIns.length} paths (${dataIns.map((i) => `"${i}"`).join(', ')}): branches and skip connections are not supported, only a chain of layers.`);
    }
    const x = dataIns[0];
    const prior = consumedBy.get(x);
    if (prior !== undefined) throw new OnnxImportError(`Value "${x}" feeds both ${prior} and ${nodeLabel(n)}: branches and skip connections are not supported, only a chain of layers.`);
    consumedBy.set(x, nodeLabel(n));
    if (output !== 'logits') throw new OnnxImportError(`${nodeLabel(n)} follows the final Softmax/LogSoftmax: a Softmax or LogSoftmax is supported only as the last node.`);
    const result: OpResult = mapOp(n, x, data.get(x) as Feat, ctx);
    if (result.final) output = result.final;
    if (result.layer) {
      layers.push(result.layer);
      shapes.push(result.feat);
    } else if (shapes.length > 0) shapes[shapes.length - 1] = result.feat;
    data.set(outs[0], result.feat);
    last = outs[0];
  }
  const outputs = graph.output ?? [];
  if (outputs.length !== 1 || outputs[0].name !== last) {
    throw new OnnxImportError(`The graph's outputs (${outputs.map((o) => `"${o.name ?? ''}"`).join(', ')}) are not the end of its single chain ("${last}"): PruneLab imports graphs with one output, the class scores.`);
  }
  const end = data.get(last) as Feat;
  if (end.kind !== 'flat' || end.size !== 10 || !layers.some((l) => l.kind === 'dense' || l.kind === 'conv')) {
    throw new OnnxImportError(`The output "${last}" has shape ${end.kind === 'flat' ? `[N, ${end.size}]` : `[N, ${end.c}, ${end.h}, ${end.w}]`}: PruneLab imports MNIST classifiers with 10 outputs (logits, log-softmax or softmax).`);
  }
  return { inputName: input.name, inputLayout: input.layout, outputName: last, output, opset, producer: `${model.producerName ?? ''} ${model.producerVersion ?? ''}`.trim(), layers, shapes, classes: 10 };
}
