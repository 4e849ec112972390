// model.onnx, written in the browser from a PruneLab model's topology and weights (dense,
// pruned or compacted), for onnxruntime, PyTorch and serving stacks:
// What the graph reads comes from the model description's input:
// - image models (LeNet-5, LeNet-300-100): input "input" float32 [N, 1, 28, 28] (NCHW,
//   PyTorch's layout), pixels normalised as the description says (the tutorial's
//   (p / 255 − 0.1307) / 0.3081 for MNIST); output "logits" [N, 10].
// - token models (IMDB): input "tokens" int64 [N, L], ids of vocab.json with 0 as padding (1 = unknown
//   word); output "logit" [N, 1], the positive-class logit. The embedding is a Gather of
//   the table's rows, averaged over the real (non-padding) tokens exactly as the app's
//   bag-of-words input does (an all-padding row gives the zero vector), then the dense layers.
// The pruned zeros stay exact zeros in the initializers (onnxLayers.ts moves weights only).

import { emitLayers, GraphBuilder } from './onnxLayers';
import { encodeModel, FLOAT, INT64, int64Tensor, valueInfo } from './onnxProto';
import { isObject, sequentialLayers, type Json } from '../validateModel';
import { isModelId, MODEL_INFO } from '../../models/catalog';
import type { InputDescription } from '../../models/description';
import { kernelName, type WeightSnapshot } from '../../weights';

export const ONNX_FILE = 'model.onnx';

/** What the exported graph reads: the model description's input. */
export type OnnxInput = InputDescription;

export interface OnnxExportInput {
  /** The model's id (a built-in's, or an imported model's with `input`). */
  readonly model: string;
  /** What the model reads; built-ins default to their description's. */
  readonly input?: InputDescription;
  /** model.toJSON(null, false) of the model exported (the compact one after Compact). */
  readonly topology: object;
  readonly weights: WeightSnapshot;
  /** Extra metadata_props (e.g. sparsity, accuracy). */
  readonly metadata?: Readonly<Record<string, string>>;
}

function layersOf(topology: object): Json[] {
  return sequentialLayers(topology as Json);
}

function batchInputShape(layer: Json): number[] {
  const config = isObject(layer.config) ? layer.config : {};
  const shape = config.batch_input_shape;
  if (!Array.isArray(shape) || !shape.slice(1).every((d) => typeof d === 'number')) throw new Error('ONNX export: the first layer has no batch_input_shape');
  return shape.slice(1) as number[];
}

function imageGraph(b: GraphBuilder, layers: readonly Json[], input: OnnxInput & { kind: 'image' }) {
  const [h, w, c] = batchInputShape(layers[0]);
  const last = emitLayers(b, 'input', layers, { kind: 'map', c, h, w });
  if (last.features.kind !== 'flat') throw new Error('ONNX export: the model does not end in a dense layer');
  b.op('Identity', [last.out], 'logits');
  return {
    inputs: [valueInfo('input', FLOAT, ['N', c, h, w])],
    outputs: [valueInfo('logits', FLOAT, ['N', last.features.size])],
    doc: `Input "input": float32 [N, ${c}, ${h}, ${w}] (NCHW), pixels p in 0..255 normalised as (p / 255 − ${input.mean}) / ${input.std}. Output "logits": the ${last.features.size} class scores (argmax = prediction).`,
  };
}

function tokenGraph(b: GraphBuilder, layers: readonly Json[], input: OnnxInput & { kind: 'tokens' }) {
  const first = layers[0];
  const config = isObject(first.config) ? first.config : {};
  const name = typeof config.name === 'string' ? config.name : '?';
  if (first.class_name !== 'Dense' || config.use_bias !== false) throw new Error('ONNX export: a token model starts with a bias-free embedding table');
  const table = b.weight(kernelName(name));
  const [vocab, dim] = table.shape;
  b.init(`${name}.weight`, table.shape, table.values);
  b.initializers.push(int64Tensor('pad_id', [], [input.padId]), int64Tensor('axis_1', [1], [1]), int64Tensor('axis_2', [1], [2]));
  b.init('one', [], Float32Array.of(1));
  // mean over the real tokens: Σ_t real_t · E[tokens_t] / max(Σ_t real_t, 1)
  const rows = b.op('Gather', [`${name}.weight`, 'tokens'], `${name}/gather`, { axis: 0 });
  const isPad = b.op('Equal', ['tokens', 'pad_id'], 'mask/is_pad');
  const real = b.op('Cast', [b.op('Not', [isPad], 'mask/not_pad')], 'mask/real', { to: FLOAT });
  const masked = b.op('Mul', [rows, b.op('Unsqueeze', [real, 'axis_2'], 'mask/real_3d')], `${name}/masked`);
  const sum = b.op('ReduceSum', [masked, 'axis_1'], `${name}/sum`, { keepdims: 0 });
  const count = b.op('Max', [b.op('ReduceSum', [real, 'axis_1'], 'mask/count', { keepdims: 1 }), 'one'], 'mask/count_at_least_1');
  const mean = b.op('Div', [sum, count], `${name}/mean`);
  const last = emitLayers(b, mean, layers.slice(1), { kind: 'flat', size: dim, from: null });
  if (last.features.kind !== 'flat') throw new Error('ONNX export: the model does not end in a dense layer');
  b.op('Identity', [last.out], 'logit');
  return {
    inputs: [valueInfo('tokens', INT64, ['N', 'L'])],
    outputs: [valueInfo('logit', FLOAT, ['N', last.features.size])],
    doc: `Input "tokens": int64 [N, L], word ids 2..${vocab - 1} of vocab.json (id = index in "words" + 2), ${input.unkId} for unknown words, ${input.padId} for padding (ignored). Output "logit": the positive-sentiment logit (probability = sigmoid(logit)).`,
  };
}

/** The encoded model.onnx of `input.model` with these weights. */
export function buildOnnx(input: OnnxExportInput): Uint8Array {
  const layers = layersOf(input.topology);
  if (layers.length === 0) throw new Error('ONNX export: the model has no layers');
  const b = new GraphBuilder(input.weights);
  const kind = input.input ?? (isModelId(input.model) ? MODEL_INFO[input.model].input : null);
  if (!kind) throw new Error(`ONNX export: no input description for model ${input.model}`);
  const g = kind.kind === 'image' ? imageGraph(b, layers, kind) : tokenGraph(b, layers, kind);
  const metadata: Record<string, string> = { 'prunelab.model': input.model, 'prunelab.input': g.doc, ...input.metadata };
  return encodeModel({
    name: `prunelab_${input.model}`,
    docString: `PruneLab ${input.model}. ${g.doc}`,
    inputs: g.inputs,
    outputs: g.outputs,
    nodes: b.nodes,
    initializers: b.initializers,
    metadata,
  });
}
