// The first, cheap half of ONNX import: decodes a model.onnx file's bytes and refuses at
// once what PruneLab will never run, before any tensor is built: a file that is not an ONNX
// model (or is cut short), operator sets it does not know, weights stored as external data,
// tensors whose declared size is absurd or disagrees with the bytes present, non-finite
// weights. Values are read lazily from the protobuf (a 1 GB declared tensor is refused from
// its dims alone). Every refusal is an OnnxImportError whose message says what and where.

import { onnx, type ModelProto, type TensorProto } from './onnxProto';

/** A refusal of an ONNX file, with a message meant for the user. */
export class OnnxImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OnnxImportError';
  }
}

/** Largest file accepted (bytes) and largest tensor (elements): far above any MNIST model. */
export const MAX_ONNX_BYTES = 256 * 1024 * 1024;
export const MAX_TENSOR_ELEMENTS = 32 * 1024 * 1024;
/** Default-domain operator sets PruneLab reads (the exporters of opsets 7 to 21 use the same semantics for its ops). */
export const MIN_OPSET = 7;
export const MAX_OPSET = 21;

type IntLike = number | { toNumber(): number };

export function toNumber(v: IntLike | null | undefined): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}

/** The ONNX model in `bytes`, or an OnnxImportError saying why it is not one PruneLab can read. */
export function decodeOnnx(bytes: Uint8Array): { model: ModelProto; opset: number } {
  if (bytes.length === 0) throw new OnnxImportError('The file is empty: not an ONNX model.');
  if (bytes.length > MAX_ONNX_BYTES) throw new OnnxImportError(`The file is ${(bytes.length / 2 ** 20).toFixed(0)} MB; ONNX models up to ${MAX_ONNX_BYTES / 2 ** 20} MB are read.`);
  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new OnnxImportError(`Not an ONNX model, or a truncated one: the protobuf does not decode (${why}).`);
  }
  const graph = model.graph;
  if (!graph || toNumber(model.irVersion) <= 0 || (graph.node ?? []).length === 0 || (graph.input ?? []).length === 0) {
    throw new OnnxImportError('Not an ONNX model: no IR version, graph, nodes or inputs were found.');
  }
  const opsets = model.opsetImport ?? [];
  const main = opsets.find((o) => !o.domain || o.domain === 'ai.onnx');
  const opset = main ? toNumber(main.version) : 0;
  if (opset < MIN_OPSET || opset > MAX_OPSET) throw new OnnxImportError(`ONNX opset ${opset} is not supported: opsets ${MIN_OPSET} to ${MAX_OPSET} of the default domain are read.`);
  for (const n of graph.node ?? []) {
    if (n.domain && n.domain !== 'ai.onnx') throw new OnnxImportError(`Node "${n.name ?? ''}" uses operator ${n.opType ?? '?'} of domain "${n.domain}": only the default ONNX domain is supported.`);
  }
  for (const t of graph.initializer ?? []) checkTensor(t, 'initializer');
  return { model, opset };
}

const ELEMENT_BYTES: Readonly<Record<number, number>> = { 1: 4, 6: 4, 7: 8, 9: 1, 10: 2, 11: 8, 2: 1, 3: 1, 4: 2, 5: 2, 12: 4, 13: 8 };

/** Refuses external data, absurd or inconsistent declared sizes; `where` names the tensor's role. */
export function checkTensor(t: TensorProto, where: string): void {
  const name = t.name ?? '';
  if (t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL || (t.externalData ?? []).length > 0) {
    throw new OnnxImportError(`The weights of ${where} "${name}" are stored as external data (a separate file): re-export with the weights inside model.onnx (torch.onnx.export does for models under 2 GB).`);
  }
  const dims = (t.dims ?? []).map(toNumber);
  if (dims.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new OnnxImportError(`${where} "${name}" declares invalid dims [${dims.join(', ')}].`);
  const count = dims.reduce((a, b) => a * b, 1);
  if (count > MAX_TENSOR_ELEMENTS) {
    throw new OnnxImportError(`${where} "${name}" declares ${count.toLocaleString('en-US')} elements (${((count * 4) / 2 ** 30).toFixed(1)} GB as float32): tensors up to ${MAX_TENSOR_ELEMENTS.toLocaleString('en-US')} elements are read.`);
  }
  const type = t.dataType ?? 0;
  const raw = t.rawData?.length ?? 0;
  if (raw > 0) {
    const size = ELEMENT_BYTES[type];
    if (size === undefined) throw new OnnxImportError(`${where} "${name}" has data type ${type}, which is not supported.`);
    if (raw !== count * size) throw new OnnxImportError(`${where} "${name}" declares dims [${dims.join(', ')}] (${count} elements) but holds ${raw} bytes: a corrupt or truncated file.`);
    return;
  }
  const held = (t.floatData?.length ?? 0) + (t.int64Data?.length ?? 0) + (t.int32Data?.length ?? 0) + (t.doubleData?.length ?? 0);
  if (held !== count) throw new OnnxImportError(`${where} "${name}" declares dims [${dims.join(', ')}] (${count} elements) but holds ${held} values: a corrupt or truncated file.`);
}

export function dimsOf(t: TensorProto): number[] {
  return (t.dims ?? []).map(toNumber);
}

/** A float tensor's values (float32 only), refusing NaN and ±Infinity. */
export function floatData(t: TensorProto, where: string): Float32Array {
  if (t.dataType !== onnx.TensorProto.DataType.FLOAT) throw new OnnxImportError(`${where} "${t.name ?? ''}" is not float32 (data type ${t.dataType ?? 0}): only float32 weights are supported.`);
  let out: Float32Array;
  if (t.rawData && t.rawData.length > 0) {
    const view = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.byteLength);
    out = new Float32Array(t.rawData.length / 4);
    for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  } else out = Float32Array.from(t.floatData ?? []);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) throw new OnnxImportError(`${where} "${t.name ?? ''}" holds ${String(out[i])} at index ${i}: weights must be finite numbers.`);
  }
  return out;
}

/** An integer tensor's values (int64 or int32), e.g. a Reshape's target shape. */
export function intData(t: TensorProto, where: string): number[] {
  const T = onnx.TensorProto.DataType;
  const raw = t.rawData;
  if (raw && raw.length > 0) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    if (t.dataType === T.INT64) return Array.from({ length: raw.length / 8 }, (_, i) => Number(view.getBigInt64(i * 8, true)));
    if (t.dataType === T.INT32) return Array.from({ length: raw.length / 4 }, (_, i) => view.getInt32(i * 4, true));
  } else if (t.dataType === T.INT64) return (t.int64Data ?? []).map(toNumber);
  else if (t.dataType === T.INT32) return [...(t.int32Data ?? [])];
  throw new OnnxImportError(`${where} "${t.name ?? ''}" is not an integer tensor (data type ${t.dataType ?? 0}).`);
}
