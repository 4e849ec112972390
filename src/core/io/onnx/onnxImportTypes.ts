// What an imported ONNX graph becomes before any tensor exists: the input it reads, an
// ordered chain of layers in ONNX's own layouts (conv weights [out, in, kh, kw], dense
// weights [in, out] over NCHW-flattened features), and how its output was normalised.
// The tfjs model (NHWC) is built from this chain; the model card is derived from it.

/** A feature map between image layers (ONNX NCHW: c channels of h × w) or a flat vector. */
export type Feat =
  | { readonly kind: 'map'; readonly c: number; readonly h: number; readonly w: number }
  | { readonly kind: 'flat'; readonly size: number; readonly from: { readonly c: number; readonly h: number; readonly w: number } | null };

export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'leakyrelu';

export interface ConvLayer {
  readonly kind: 'conv';
  readonly name: string;
  /** [out, in, kh, kw] */
  readonly weight: Float32Array;
  bias: Float32Array | null;
  readonly filters: number;
  readonly inChannels: number;
  readonly kernel: readonly [number, number];
  readonly strides: readonly [number, number];
  /** [top, left, bottom, right] */
  readonly pads: readonly [number, number, number, number];
  readonly onnxNode: string;
}

export interface DenseLayer {
  readonly kind: 'dense';
  readonly name: string;
  /** [in, out], rows in ONNX's order of the input features (NCHW after a flatten). */
  readonly weight: Float32Array;
  bias: Float32Array | null;
  readonly units: number;
  readonly inputs: number;
  /** The map whose NCHW flatten the rows read (null: a plain vector, or a 1 × 1 map). */
  readonly fromMap: { readonly c: number; readonly h: number; readonly w: number } | null;
  readonly onnxNode: string;
}

export interface BatchNormLayer {
  readonly kind: 'batchnorm';
  readonly name: string;
  readonly gamma: Float32Array;
  readonly beta: Float32Array;
  readonly mean: Float32Array;
  readonly variance: Float32Array;
  readonly epsilon: number;
  readonly onnxNode: string;
}

export interface PoolLayer {
  readonly kind: 'maxpool' | 'avgpool';
  readonly name: string;
  readonly kernel: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly pads: readonly [number, number, number, number];
  readonly onnxNode: string;
}

export type ImportedLayer =
  | ConvLayer
  | DenseLayer
  | BatchNormLayer
  | PoolLayer
  | { readonly kind: 'activation'; readonly name: string; readonly fn: Activation; readonly alpha: number; readonly onnxNode: string }
  | { readonly kind: 'globalavgpool'; readonly name: string; readonly onnxNode: string }
  | { readonly kind: 'flatten'; readonly name: string; readonly onnxNode: string };

export interface ImportedGraph {
  /** The graph input's name and layout: NCHW [N, 1, 28, 28] or flat [N, 784]. */
  readonly inputName: string;
  readonly inputLayout: 'nchw' | 'flat';
  readonly outputName: string;
  /** A final Softmax / LogSoftmax (dropped: the tfjs model gives logits; argmax is the same). */
  readonly output: 'logits' | 'softmax' | 'logsoftmax';
  readonly opset: number;
  readonly producer: string;
  readonly layers: readonly ImportedLayer[];
  /** Shape after each layer (same order as layers). */
  readonly shapes: readonly Feat[];
  readonly classes: number;
}

export function featSize(f: Feat): number {
  return f.kind === 'map' ? f.c * f.h * f.w : f.size;
}

export function describeFeat(f: Feat): string {
  return f.kind === 'map' ? `[N, ${f.c}, ${f.h}, ${f.w}]` : `[N, ${f.size}]`;
}
