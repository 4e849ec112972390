// Layer kinds of a model description that PruneLab's built-ins do not use but models
// imported from other tools (ONNX) do: batch normalisation (its own layer, never folded, so
// pruning acts on the conv's own weights as torch.nn.utils.prune does), stand-alone
// activations (LeakyReLU among them), average and global average pooling, and explicit zero
// padding. Their shapes and weights, for description.ts's layerShapes. No tfjs import.

export interface BatchNormLayer {
  readonly kind: 'batchNorm';
  readonly name: string;
  readonly epsilon: number;
  /** tfjs's momentum for the moving averages (PyTorch's momentum 0.1 is 0.9 here). */
  readonly momentum: number;
}

export interface ActivationLayer {
  readonly kind: 'activation';
  readonly name: string;
  readonly activation: 'relu' | 'tanh' | 'sigmoid' | 'leakyRelu';
  /** LeakyReLU's slope for x < 0. */
  readonly alpha?: number;
}

export interface AvgPool2dLayer {
  readonly kind: 'avgPool2d';
  readonly name: string;
  readonly poolSize: number;
  readonly strides: number;
  /** Default 'valid'; 'same' pads as TensorFlow does (padding not counted in the average). */
  readonly padding?: 'valid' | 'same';
}

export interface GlobalAvgPool2dLayer {
  readonly kind: 'globalAvgPool2d';
  readonly name: string;
}

export interface ZeroPad2dLayer {
  readonly kind: 'zeroPad2d';
  readonly name: string;
  /** [top, bottom, left, right] */
  readonly pads: readonly [number, number, number, number];
}

export type GraphLayer = BatchNormLayer | ActivationLayer | AvgPool2dLayer | GlobalAvgPool2dLayer | ZeroPad2dLayer;

/** Output size of a window along one axis ('same': ceil(n / s); 'valid': floor((n − k) / s) + 1). */
export function windowSize(n: number, k: number, s: number, padding: 'valid' | 'same' = 'valid'): number {
  return padding === 'same' ? Math.ceil(n / s) : Math.floor((n - k) / s) + 1;
}

/** Output shape and weights (tfjs order and shapes) of one of these layers on `inShape`. */
export function graphLayerShape(layer: GraphLayer, inShape: readonly number[], fail: (why: string) => never): { outShape: number[]; weights: { name: string; shape: number[] }[] } {
  const image = () => {
    if (inShape.length !== 3) fail('needs an image input');
    return inShape as [number, number, number];
  };
  switch (layer.kind) {
    case 'batchNorm': {
      const c = inShape[inShape.length - 1];
      return { outShape: [...inShape], weights: ['gamma', 'beta', 'moving_mean', 'moving_variance'].map((w) => ({ name: `${layer.name}/${w}`, shape: [c] })) };
    }
    case 'activation':
      return { outShape: [...inShape], weights: [] };
    case 'avgPool2d': {
      const [h, w, c] = image();
      return { outShape: [windowSize(h, layer.poolSize, layer.strides, layer.padding), windowSize(w, layer.poolSize, layer.strides, layer.padding), c], weights: [] };
    }
    case 'globalAvgPool2d':
      return { outShape: [image()[2]], weights: [] };
    case 'zeroPad2d': {
      const [h, w, c] = image();
      const [t, b, l, r] = layer.pads;
      return { outShape: [h + t + b, w + l + r, c], weights: [] };
    }
  }
}
