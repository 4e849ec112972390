// The export of the layers an imported ONNX model may hold besides PruneLab's own (Conv2D,
// MaxPooling2D, Flatten, Dense): BatchNormalization (kept as its own node, its four
// parameter vectors moved unchanged), LeakyReLU and stand-alone activations, average and
// global average pooling, and explicit zero padding, so a pruned import goes back to ONNX
// with the same chain of operators it came with.

import { activation, checkChannelsLast, type ExtraLayerEmitter, type Features, type GraphBuilder, pair, windowOf } from './onnxLayers';
import { int64Tensor } from './onnxProto';
import { isObject, type Json } from '../validateModel';

type Emitted = { out: string; features: Features };

function needMap(f: Features, name: string): Features & { kind: 'map' } {
  if (f.kind !== 'map') throw new Error(`ONNX export: ${name} needs an image input`);
  return f;
}

function batchNorm(b: GraphBuilder, x: string, config: Json, name: string, f: Features): Emitted {
  const params = ['gamma', 'beta', 'moving_mean', 'moving_variance'].map((p) => b.weight(`${name}/${p}`));
  const inputs = [x, ...params.map((p, i) => b.init(`${name}.${['weight', 'bias', 'running_mean', 'running_var'][i]}`, p.shape, p.values))];
  const epsilon = typeof config.epsilon === 'number' ? config.epsilon : 1e-3;
  return { out: b.op('BatchNormalization', inputs, `${name}/batchnorm`, { epsilon }), features: f };
}

function averagePool(b: GraphBuilder, x: string, config: Json, name: string, f: Features): Emitted {
  const map = needMap(f, name);
  checkChannelsLast(config, name);
  const k = pair(config.pool_size, 'pool_size');
  const s = pair(config.strides, 'strides', k);
  const win = windowOf(config, map, k, s, [1, 1]);
  const y = b.op('AveragePool', [x], `${name}/averagepool`, { kernel_shape: k, strides: s, pads: win.pads, count_include_pad: 0 });
  return { out: y, features: { kind: 'map', c: map.c, h: win.out[0], w: win.out[1] } };
}

function zeroPadding(b: GraphBuilder, x: string, config: Json, name: string, f: Features): Emitted {
  const map = needMap(f, name);
  const p = config.padding;
  if (!Array.isArray(p) || p.length !== 2 || !p.every((v) => Array.isArray(v) && v.length === 2)) throw new Error(`ONNX export: ${name} padding ${JSON.stringify(p)}`);
  const [[t, bo], [l, r]] = p as [[number, number], [number, number]];
  b.initializers.push(int64Tensor(`${name}.pads`, [8], [0, 0, t, l, 0, 0, bo, r]));
  return { out: b.op('Pad', [x, `${name}.pads`], `${name}/pad`), features: { kind: 'map', c: map.c, h: map.h + t + bo, w: map.w + l + r } };
}

/** The emitter for onnxLayers' emitLayers. */
export const emitMoreLayers: ExtraLayerEmitter = (b, x, layer, name, f) => {
  const config = isObject(layer.config) ? layer.config : {};
  switch (layer.class_name) {
    case 'BatchNormalization':
      return batchNorm(b, x, config, name, f);
    case 'LeakyReLU':
      return { out: b.op('LeakyRelu', [x], `${name}/leakyrelu`, { alpha: typeof config.alpha === 'number' ? config.alpha : 0.3 }), features: f };
    case 'Activation': {
      const y = activation(b, x, config, name);
      return { out: y, features: f };
    }
    case 'AveragePooling2D':
      return averagePool(b, x, config, name, f);
    case 'GlobalAveragePooling2D': {
      const map = needMap(f, name);
      const y = b.op('Flatten', [b.op('GlobalAveragePool', [x], `${name}/globalaveragepool`)], `${name}/flatten`, { axis: 1 });
      return { out: y, features: { kind: 'flat', size: map.c, from: null } };
    }
    case 'ZeroPadding2D':
      return zeroPadding(b, x, config, name, f);
    default:
      return null;
  }
};
