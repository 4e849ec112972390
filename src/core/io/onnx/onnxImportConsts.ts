// Static evaluation of the small integer side-graphs exporters write around a reshape
// (PyTorch's x.view(x.size(0), -1): Shape → Gather → Unsqueeze → Concat → Reshape), and
// of Constant nodes. Values are 1-D integer vectors (or scalars) whose entries may be the
// symbolic batch size 'N'; everything resolves at import, nothing runs at inference.

import { OnnxImportError, checkTensor, dimsOf, intData, toNumber } from './onnxImportDecode';
import { onnx, type NodeProto, type TensorProto } from './onnxProto';

export type Sym = number | 'N';

/** An integer value: its entries and whether it is a scalar (rank 0). */
export interface IntValue {
  readonly values: readonly Sym[];
  readonly scalar: boolean;
}

export type AttrValue = number | number[] | TensorProto | string | undefined;

/** The shortest decimal that is the same float32 (an attribute's 0.1 is stored as 0.10000000149…). */
export function shortestFloat32(x: number): number {
  for (let p = 1; p < 10; p++) {
    const v = Number(x.toPrecision(p));
    if (Math.fround(v) === Math.fround(x)) return v;
  }
  return x;
}

/** A node's attribute by name (INT, INTS, FLOAT, TENSOR or STRING), or undefined. */
export function attr(n: NodeProto, name: string): AttrValue {
  const a = (n.attribute ?? []).find((x) => x.name === name);
  if (!a) return undefined;
  const T = onnx.AttributeProto.AttributeType;
  switch (a.type) {
    case T.INT:
      return toNumber(a.i);
    case T.FLOAT:
      return shortestFloat32(a.f ?? 0);
    case T.INTS:
      return (a.ints ?? []).map(toNumber);
    case T.TENSOR:
      return a.t ?? undefined;
    case T.STRING:
      return new TextDecoder().decode(a.s ?? new Uint8Array());
    default:
      return undefined;
  }
}

export function intAttr(n: NodeProto, name: string, fallback: number): number {
  const v = attr(n, name);
  return typeof v === 'number' ? v : fallback;
}

export function intsAttr(n: NodeProto, name: string): number[] | undefined {
  const v = attr(n, name);
  return Array.isArray(v) ? v : undefined;
}

export function nodeLabel(n: NodeProto): string {
  return `${n.opType ?? '?'} node "${n.name || (n.output ?? [])[0] || '?'}"`;
}

/** Integer tensor → IntValue. */
export function intValueOf(t: TensorProto, where: string): IntValue {
  return { values: intData(t, where), scalar: dimsOf(t).length === 0 };
}

function concrete(v: Sym, n: NodeProto): number {
  if (v === 'N') throw new OnnxImportError(`${nodeLabel(n)} computes with the batch size, which is only known at run time: such shapes are not supported.`);
  return v;
}

/** Tensors of Constant nodes (float ones are weights, integer ones shape values). */
export function constantTensor(n: NodeProto): TensorProto {
  const t = attr(n, 'value');
  if (t && typeof t === 'object' && !Array.isArray(t)) {
    checkTensor(t, `constant of ${nodeLabel(n)}`);
    return t;
  }
  const ints = intsAttr(n, 'value_ints');
  if (ints) return { name: n.output?.[0] ?? '', dims: [ints.length], dataType: onnx.TensorProto.DataType.INT64, int64Data: ints };
  const int = attr(n, 'value_int');
  if (typeof int === 'number') return { name: n.output?.[0] ?? '', dims: [], dataType: onnx.TensorProto.DataType.INT64, int64Data: [int] };
  const f = attr(n, 'value_float');
  if (typeof f === 'number') return { name: n.output?.[0] ?? '', dims: [], dataType: onnx.TensorProto.DataType.FLOAT, floatData: [f] };
  throw new OnnxImportError(`${nodeLabel(n)} has a kind of value PruneLab does not read (supported: value, value_int, value_ints, value_float).`);
}

const norm = (axis: number, rank: number) => (axis < 0 ? axis + rank : axis);

/**
 * Evaluates a shape-arithmetic node on known integer inputs; `ins` are its inputs' values
 * (undefined for an absent optional input). Returns the output value.
 */
export function evalIntNode(n: NodeProto, ins: readonly (IntValue | undefined)[], opset: number): IntValue {
  const x = ins[0];
  if (!x) throw new OnnxImportError(`${nodeLabel(n)} has no input.`);
  switch (n.opType) {
    case 'Identity':
    case 'Cast':
      return x;
    case 'Gather': {
      const idx = ins[1];
      if (!idx || !x || x.scalar) throw new OnnxImportError(`${nodeLabel(n)} gathers from a value PruneLab cannot resolve.`);
      const len = x.values.length;
      const picked = idx.values.map((i) => x.values[norm(concrete(i, n), len)]);
      if (picked.some((v) => v === undefined)) throw new OnnxImportError(`${nodeLabel(n)} gathers outside its input.`);
      return { values: picked, scalar: idx.scalar };
    }
    case 'Unsqueeze': {
      const axes = opset >= 13 ? ins[1]?.values.map((a) => concrete(a, n)) : intsAttr(n, 'axes');
      if (!axes || axes.length !== 1 || !(x.scalar && (axes[0] === 0 || axes[0] === -1))) {
        if (!x.scalar && axes && axes.length === 1 && norm(axes[0], 2) === 1) return x; // [k] → [k, 1]: same entries
        throw new OnnxImportError(`${nodeLabel(n)}: only scalars unsqueezed to 1-D vectors are supported in shape computations.`);
      }
      return { values: x.values, scalar: false };
    }
    case 'Squeeze':
      if (x.values.length !== 1) throw new OnnxImportError(`${nodeLabel(n)} squeezes a vector of ${x.values.length} entries.`);
      return { values: x.values, scalar: true };
    case 'Concat':
      return { values: ins.flatMap((v) => v?.values ?? []), scalar: false };
    case 'Slice': {
      const starts = (opset >= 10 ? ins[1]?.values : intsAttr(n, 'starts')) ?? [0];
      const ends = (opset >= 10 ? ins[2]?.values : intsAttr(n, 'ends')) ?? [x.values.length];
      const steps = opset >= 10 ? ins[4]?.values ?? [1] : [1];
      if (starts.length !== 1 || ends.length !== 1 || concrete(steps[0], n) !== 1) throw new OnnxImportError(`${nodeLabel(n)}: only 1-D slices with step 1 are supported in shape computations.`);
      const len = x.values.length;
      const clamp = (v: number) => Math.max(0, Math.min(len, v < 0 ? v + len : v));
      return { values: x.values.slice(clamp(concrete(starts[0], n)), clamp(concrete(ends[0], n))), scalar: false };
    }
    default:
      throw new OnnxImportError(`${nodeLabel(n)} computes a shape that cannot be resolved statically: PruneLab resolves reshapes at import, from Constant, Shape, Gather, Unsqueeze, Squeeze, Slice, Concat and Cast only.`);
  }
}
