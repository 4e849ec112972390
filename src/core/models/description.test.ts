import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MODEL_IDS, MODEL_INFO } from './catalog';
import { layerShapes, modelInfo, paramCount, pruneLists, weightSpecs, type ModelDescription } from './description';
import { getModelSpec } from '../nets/registry';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('model descriptions', () => {
  it('derive parameter counts: LeNet-5 431,080, IMDB 1,020,601 (10,002 words)', () => {
    expect(paramCount(MODEL_INFO.lenet5)).toBe(431_080);
    expect(paramCount(MODEL_INFO.imdb)).toBe(1_020_601);
    expect(paramCount(MODEL_INFO.imdb, 18)).toBe(18 * 100 + 20_200 + 201);
    expect(layerShapes(MODEL_INFO.lenet5).map((s) => s.outShape)).toEqual([[24, 24, 20], [12, 12, 20], [8, 8, 50], [4, 4, 50], [800], [500], [10]]);
  });

  it('the built tfjs model has exactly the described weights, names and count, for every built-in', () => {
    for (const id of MODEL_IDS) {
      const info = MODEL_INFO[id];
      const model = getModelSpec(id).build(1, info.input.kind === 'tokens' ? info.input.vocabSize : 0);
      expect(model.name).toBe(id);
      expect(model.layers.map((l) => l.name)).toEqual(info.layers.map((l) => l.name));
      expect(model.weights.map((w) => ({ name: w.originalName, shape: w.shape }))).toEqual(weightSpecs(info));
      expect(model.countParams()).toBe(paramCount(info));
      model.dispose();
    }
  });

  it('derive the pruning lists from the layers’ roles', () => {
    expect(pruneLists(MODEL_INFO.lenet5)).toEqual({
      prunableLayers: ['conv1', 'conv2', 'fc1', 'fc2'],
      defaultInclude: ['conv1', 'conv2', 'fc1', 'fc2'],
      rowLayers: [],
      channelLayers: ['conv1', 'conv2', 'fc1'],
    });
    expect(pruneLists(MODEL_INFO.imdb)).toEqual({
      prunableLayers: ['embedding', 'fc1', 'fc2'],
      defaultInclude: ['fc1', 'fc2'],
      rowLayers: ['embedding'],
      channelLayers: ['embedding', 'fc1'],
    });
  });

  it('refuse an inconsistent description at once, naming the layer', () => {
    const lenet5: ModelDescription = MODEL_INFO.lenet5;
    const noFlatten = { ...lenet5, layers: lenet5.layers.filter((l) => l.kind !== 'flatten') };
    expect(() => modelInfo(noFlatten)).toThrow(/layer fc1 needs a flat input/);
    const huge = { ...lenet5, layers: [{ kind: 'conv2d', name: 'big', filters: 4, kernelSize: 29, activation: 'relu', init: { scheme: 'torch', seedSlot: 0 } } as const] };
    expect(() => modelInfo(huge)).toThrow(/layer big has a kernel larger than its input/);
  });
});
