// The ONNX protobuf schema (the official onnx.proto, compiled by protobufjs in the npm
// package onnx-proto) and the few constructors PruneLab's exporter needs: float and int64
// initializers, nodes with attributes, typed graph inputs/outputs, and the encoded model.
// Opset 13 (IR 7): every operator used here is stable there and onnxruntime runs it.

import onnxProto from 'onnx-proto';

export const onnx = onnxProto.onnx;
export type NodeProto = onnxProto.onnx.INodeProto;
export type TensorProto = onnxProto.onnx.ITensorProto;
export type ModelProto = onnxProto.onnx.ModelProto;

export const OPSET = 13;
export const IR_VERSION = 7;

const DataType = onnx.TensorProto.DataType;
export const FLOAT = DataType.FLOAT;
export const INT64 = DataType.INT64;

/** float32 values as little-endian bytes (ONNX raw_data is little-endian on every host). */
function float32LE(values: Float32Array): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return out;
}

export function floatTensor(name: string, dims: readonly number[], values: Float32Array): TensorProto {
  const n = dims.reduce((a, b) => a * b, 1);
  if (n !== values.length) throw new RangeError(`${name}: ${values.length} values for dims [${dims.join(', ')}]`);
  return { name, dims: [...dims], dataType: FLOAT, rawData: float32LE(values) };
}

export function int64Tensor(name: string, dims: readonly number[], values: readonly number[]): TensorProto {
  return { name, dims: [...dims], dataType: INT64, int64Data: [...values] };
}

export type AttributeValue = number | readonly number[] | string;

/** A node; integer attributes are INT/INTS, non-integer numbers FLOAT, strings STRING. */
export function node(opType: string, inputs: readonly string[], outputs: readonly string[], name: string, attrs: Record<string, AttributeValue> = {}): NodeProto {
  const T = onnx.AttributeProto.AttributeType;
  const attribute = Object.entries(attrs).map(([key, v]) => {
    if (typeof v === 'string') return { name: key, type: T.STRING, s: new TextEncoder().encode(v) };
    if (typeof v === 'number') return Number.isInteger(v) ? { name: key, type: T.INT, i: v } : { name: key, type: T.FLOAT, f: v };
    return { name: key, type: T.INTS, ints: [...v] };
  });
  return { opType, input: [...inputs], output: [...outputs], name, attribute };
}

/** A graph input or output: element type and dims (a string dim is symbolic, e.g. "N"). */
export function valueInfo(name: string, elemType: number, dims: readonly (number | string)[]) {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
  };
}

export interface GraphParts {
  readonly name: string;
  readonly docString: string;
  readonly inputs: readonly ReturnType<typeof valueInfo>[];
  readonly outputs: readonly ReturnType<typeof valueInfo>[];
  readonly nodes: readonly NodeProto[];
  readonly initializers: readonly TensorProto[];
  /** Key/value strings stored as the model's metadata_props. */
  readonly metadata: Readonly<Record<string, string>>;
}

/** The encoded ModelProto (a model.onnx file). */
export function encodeModel(g: GraphParts): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    producerName: 'PruneLab',
    producerVersion: '1',
    docString: g.docString,
    opsetImport: [{ domain: '', version: OPSET }],
    metadataProps: Object.entries(g.metadata).map(([key, value]) => ({ key, value })),
    graph: {
      name: g.name,
      input: [...g.inputs],
      output: [...g.outputs],
      node: [...g.nodes],
      initializer: [...g.initializers],
    },
  });
  // protobufjs returns a Node Buffer under Node, possibly a view into a shared pool: copy it
  // into a plain Uint8Array that owns exactly its bytes (callers may post its .buffer).
  return new Uint8Array(onnx.ModelProto.encode(model).finish());
}

/** Decodes a model.onnx file (tests and the accuracy script read initializers back). */
export function decodeModel(bytes: Uint8Array): ModelProto {
  return onnx.ModelProto.decode(bytes);
}

/** A float initializer's values, read back from raw_data (or float_data). */
export function floatValues(t: onnxProto.onnx.ITensorProto): Float32Array {
  if (t.rawData && t.rawData.length > 0) {
    const view = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.byteLength);
    return Float32Array.from({ length: t.rawData.length / 4 }, (_, i) => view.getFloat32(i * 4, true));
  }
  return Float32Array.from(t.floatData ?? []);
}
