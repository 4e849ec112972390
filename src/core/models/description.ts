// A model as data. One ModelDescription says everything PruneLab needs to know about a
// network: its layers in order (kind, shape, activation, initialiser, which are prunable and
// which can lose whole rows or channels), the dataset and the input it reads (shape,
// normalisation), what its outputs mean (labels), the training defaults and the words the
// UI uses. Everything else is derived from it: parameter counts and the model card
// (modelCard.ts), layer and weight names, the layer lists of the URL and the pruning
// controls, validation of imported files, ONNX export, compaction, and the tfjs model itself
// (nets/buildModel.ts, one generic builder for these sequential descriptions). The built-in
// models (catalog.ts) are instances; so is a graph imported from another tool.
//
// This module has no tfjs import: the UI's main bundle reads descriptions without TF.js.
//
// Conventions, shared with the builder:
// - Image inputs are NHWC ([height, width, channels]); convolutions are 'valid', stride 1;
//   weights are named `<layer>/kernel` and `<layer>/bias`, kernels [kh, kw, in, out] for
//   conv2d and [in, out] for dense (tfjs layouts; ONNX export transposes).
// - `init.seedSlot` picks the layer's random stream: layer k of a built-in uses slot k, so a
//   model rebuilt from its description with the same seed has the same weights bit for bit.

import { graphLayerShape, windowSize, type GraphLayer } from './graphLayers';

export type DatasetId = 'mnist' | 'imdb';

/** Activations the layers may apply after their linear part (tanh and sigmoid: imported models). */
export type Activation = 'relu' | 'linear' | 'tanh' | 'sigmoid';

/**
 * How a layer's weights start: `torch` is PyTorch's nn.Conv2d/nn.Linear default
 * (U(±1/√fan_in), biases alike), `he` and `lecun` Kaiming / LeCun uniform with zero biases,
 * `normal` N(0, stddev) (nn.Embedding's default with stddev 1). Fan-in comes from the shapes.
 */
export type InitDescription =
  | { readonly scheme: 'torch' | 'he' | 'lecun'; readonly seedSlot: number }
  | { readonly scheme: 'normal'; readonly stddev: number; readonly seedSlot: number };

/** Present on a layer whose kernel may be pruned. */
export interface PruneRole {
  /** Pruned unless the user deselects it. */
  readonly byDefault: boolean;
  /** Its output channels (filters, neurons, embedding dimensions) can be removed whole. */
  readonly channels: boolean;
  /** Why they cannot, when `channels` is false and the reason is not that it is the output layer. */
  readonly channelsWhyNot?: string;
  /** Its kernel rows can be pruned whole (e.g. an embedding's vocabulary rows). */
  readonly rows: boolean;
}

interface Named {
  readonly name: string;
}

interface Weighted extends Named {
  readonly activation: Activation;
  readonly init: InitDescription;
  readonly prune?: PruneRole;
  /** Words appended in the model card, e.g. "positive-sentiment logit". */
  readonly note?: string;
}

export interface Conv2dLayer extends Weighted {
  readonly kind: 'conv2d';
  readonly filters: number;
  readonly kernelSize: number;
  /** Imported models: [height, width] of a kernel that is not square, strides (default 1), padding (default 'valid'), bias (default true). */
  readonly kernelShape?: readonly [number, number];
  readonly strides?: number;
  readonly padding?: 'valid' | 'same';
  readonly useBias?: boolean;
}

export interface DenseLayer extends Weighted {
  readonly kind: 'dense';
  readonly units: number;
  /** Default true. */
  readonly useBias?: boolean;
}

/**
 * A bias-free embedding table [vocabulary × dim] averaged over the example's real tokens.
 * The tfjs model computes it as a dense layer on a normalised bag-of-words vector (the same
 * function); ONNX export writes Gather + mean.
 */
export interface EmbeddingLayer extends Weighted {
  readonly kind: 'embedding';
  readonly dim: number;
  readonly reduce: 'mean';
}

export interface MaxPool2dLayer extends Named {
  readonly kind: 'maxPool2d';
  readonly poolSize: number;
  readonly strides: number;
  /** Default 'valid'. */
  readonly padding?: 'valid' | 'same';
}

export interface FlattenLayer extends Named {
  readonly kind: 'flatten';
}

export type LayerDescription = Conv2dLayer | DenseLayer | EmbeddingLayer | MaxPool2dLayer | FlattenLayer | GraphLayer;
export type WeightedLayer = Conv2dLayer | DenseLayer | EmbeddingLayer;

/** What one example is. Pixels p in 0..255 become (p / 255 − mean) / std. */
export type InputDescription =
  | { readonly kind: 'image'; readonly shape: readonly [number, number, number]; readonly mean: number; readonly std: number }
  | { readonly kind: 'tokens'; readonly vocabSize: number; readonly padId: number; readonly unkId: number };

/** What the outputs mean: softmax over `labels`, or one logit for labels [negative, positive]. */
export interface OutputDescription {
  readonly kind: 'softmax' | 'binary';
  readonly labels: readonly string[];
}

export interface TrainDefaults {
  readonly optimizer: 'sgd-momentum' | 'adam';
  readonly learningRate: number;
  readonly momentum: number;
  readonly epochs: number;
  readonly batchSize: number;
}

export type OptimizerSettings = Pick<TrainDefaults, 'optimizer' | 'learningRate' | 'momentum'>;

/** A published result drawn on the sweep chart. */
export interface PublishedPoint {
  readonly label: string;
  /** Marker caption, e.g. "Han et al. 2015". */
  readonly short: string;
  readonly sparsity: number;
  readonly accuracy: number;
}

export interface ModelDescription<Id extends string = string> {
  readonly id: Id;
  /** Picker label, e.g. "LeNet-5 · MNIST". */
  readonly label: string;
  /** Name in sentences, e.g. "LeNet-5". */
  readonly name: string;
  /** What the architecture is, e.g. "LeNet-5" (the card's headline, before the layer chain). */
  readonly family: string;
  readonly dataset: DatasetId;
  readonly input: InputDescription;
  readonly output: OutputDescription;
  readonly layers: readonly LayerDescription[];
  readonly defaults: TrainDefaults;
  readonly optimizerLabel: string;
  /** What one example is called in the UI ("images", "reviews"). */
  readonly itemLabel: string;
  /** Largest `train` / `test` counts the dataset offers. */
  readonly maxTrain: number;
  readonly maxTest: number;
  /** A published pruning result for this architecture, if any. */
  readonly published?: PublishedPoint;
}

/** The dataset's names in the UI. */
export const DATASET_TEXT: Readonly<Record<DatasetId, { readonly name: string; readonly prose: string; readonly testItems: string }>> = {
  mnist: { name: 'MNIST', prose: 'MNIST', testItems: 'digits' },
  imdb: { name: 'IMDB', prose: 'IMDB reviews', testItems: 'reviews' },
};

export function isWeighted(layer: LayerDescription): layer is WeightedLayer {
  return layer.kind === 'conv2d' || layer.kind === 'dense' || layer.kind === 'embedding';
}

export const kernelOf = (layer: string) => `${layer}/kernel`;
export const biasOf = (layer: string) => `${layer}/bias`;

/** Shape of the tensor a layer outputs (without the batch axis). */
export type FeatureShape = readonly number[];

export interface LayerShape {
  readonly layer: LayerDescription;
  readonly inShape: FeatureShape;
  readonly outShape: FeatureShape;
  /** Weights in order (kernel, then bias), with tfjs shapes. */
  readonly weights: readonly { readonly name: string; readonly shape: readonly number[] }[];
  readonly params: number;
  /** Inputs one output reads (kh·kw·in for conv, in for dense, 1 for an embedding row). */
  readonly fanIn: number;
}

const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function inputShape(input: InputDescription, vocabSize?: number): FeatureShape {
  return input.kind === 'image' ? input.shape : [vocabSize ?? input.vocabSize];
}

/** Every layer's input and output shape, weights and parameters, in order. `vocabSize` overrides the token input's. */
export function layerShapes(desc: Pick<ModelDescription, 'input' | 'layers'>, vocabSize?: number): LayerShape[] {
  let shape = inputShape(desc.input, vocabSize);
  return desc.layers.map((layer) => {
    const inShape = shape;
    const fail = (why: string): never => {
      throw new Error(`model description: layer ${layer.name} ${why} (input [${inShape.join(', ')}])`);
    };
    let outShape: FeatureShape;
    let weights: { name: string; shape: number[] }[] = [];
    let fanIn = 0;
    switch (layer.kind) {
      case 'conv2d': {
        if (inShape.length !== 3) fail('needs an image input');
        const [h, w, c] = inShape;
        const [kh, kw] = layer.kernelShape ?? [layer.kernelSize, layer.kernelSize];
        const [s, pad] = [layer.strides ?? 1, layer.padding ?? 'valid'];
        if (pad === 'valid' && (h < kh || w < kw)) fail('has a kernel larger than its input');
        outShape = [windowSize(h, kh, s, pad), windowSize(w, kw, s, pad), layer.filters];
        weights = [{ name: kernelOf(layer.name), shape: [kh, kw, c, layer.filters] }];
        if (layer.useBias !== false) weights.push({ name: biasOf(layer.name), shape: [layer.filters] });
        fanIn = kh * kw * c;
        break;
      }
      case 'maxPool2d': {
        if (inShape.length !== 3) fail('needs an image input');
        const [h, w, c] = inShape;
        const size = (n: number) => windowSize(n, layer.poolSize, layer.strides, layer.padding);
        outShape = [size(h), size(w), c];
        break;
      }
      case 'flatten':
        outShape = [product(inShape)];
        break;
      case 'dense':
        if (inShape.length !== 1) fail('needs a flat input (add a flatten layer)');
        outShape = [layer.units];
        weights = [{ name: kernelOf(layer.name), shape: [inShape[0], layer.units] }];
        if (layer.useBias !== false) weights.push({ name: biasOf(layer.name), shape: [layer.units] });
        fanIn = inShape[0];
        break;
      case 'embedding':
        if (inShape.length !== 1) fail('needs a token input');
        outShape = [layer.dim];
        weights = [{ name: kernelOf(layer.name), shape: [inShape[0], layer.dim] }];
        fanIn = 1;
        break;
      default:
        ({ outShape, weights } = graphLayerShape(layer, inShape, fail));
    }
    shape = outShape;
    // trainable parameters: a batch norm's moving statistics are state, not parameters (as PyTorch's buffers)
    const params = weights.filter((w) => !/\/moving_(mean|variance)$/.test(w.name)).reduce((n, w) => n + product(w.shape), 0);
    return { layer, inShape, outShape, weights, fanIn, params };
  });
}

/** Total trainable parameters. */
export function paramCount(desc: Pick<ModelDescription, 'input' | 'layers'>, vocabSize?: number): number {
  return layerShapes(desc, vocabSize).reduce((n, l) => n + l.params, 0);
}

/** Weight names and shapes in the order the tfjs model holds them. */
export function weightSpecs(desc: Pick<ModelDescription, 'input' | 'layers'>, vocabSize?: number): { readonly name: string; readonly shape: readonly number[] }[] {
  return layerShapes(desc, vocabSize).flatMap((l) => l.weights);
}

/** The lists the pruning controls and the URL read, derived from the layers' prune roles. */
export interface PruneLists {
  /** Layer names whose kernels may be pruned. */
  readonly prunableLayers: readonly string[];
  /** Layers pruned unless the user changes it. */
  readonly defaultInclude: readonly string[];
  /** Layers whose kernel rows can be pruned whole (e.g. vocabulary rows of an embedding). */
  readonly rowLayers: readonly string[];
  /** Layers whose output channels can be removed whole. */
  readonly channelLayers: readonly string[];
}

export function pruneLists(desc: Pick<ModelDescription, 'layers'>): PruneLists {
  const weighted = desc.layers.filter(isWeighted);
  const names = (pred: (r: PruneRole) => boolean) => weighted.filter((l) => l.prune !== undefined && pred(l.prune)).map((l) => l.name);
  return {
    prunableLayers: names(() => true),
    defaultInclude: names((r) => r.byDefault),
    rowLayers: names((r) => r.rows),
    channelLayers: names((r) => r.channels),
  };
}

/** A description with its derived lists: what the UI and the session read. */
export type ModelInfo<Id extends string = string> = ModelDescription<Id> & PruneLists;

export function modelInfo<Id extends string>(desc: ModelDescription<Id>): ModelInfo<Id> {
  layerShapes(desc); // refuses an inconsistent description at once
  return { ...desc, ...pruneLists(desc) };
}
