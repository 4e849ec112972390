// The model card says, per prunable layer, whether whole channels can be removed, and why not
// where they cannot: an imported conv followed by BatchNormalization, or an output layer.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importOnnx } from '../nets/onnxImport';
import { MODEL_INFO } from './catalog';
import { modelCard } from './modelCard';

const pruning = (rows: readonly { name: string; pruning: string }[]) => rows.filter((r) => r.pruning).map((r) => [r.name, r.pruning]);

describe('model card: how each layer can be pruned', () => {
  it('names the layers that can lose whole channels, and why the others cannot', () => {
    expect(pruning(modelCard(MODEL_INFO.lenet5).rows)).toEqual([
      ['conv1', 'weights, or whole filters'],
      ['conv2', 'weights, or whole filters'],
      ['fc1', 'weights, or whole neurons'],
      ['fc2', "weights only (no whole neurons: its neurons are the model's outputs)"],
    ]);
    const bytes = new Uint8Array(readFileSync(fileURLToPath(new URL('../../../e2e/fixtures/onnx/cnn-bn.onnx', import.meta.url))));
    const imported = importOnnx(bytes, 'unit');
    expect(pruning(modelCard(imported.info).rows)).toEqual([
      ['conv1', 'weights only (no whole filters: a BatchNormalization (bn1) follows it, whose channels would have to go too)'],
      ['conv2', 'weights only (no whole filters: a BatchNormalization (bn2) follows it, whose channels would have to go too)'],
      ['fc1', 'weights, or whole neurons'],
      ['fc2', "weights only (no whole neurons: its neurons are the model's outputs)"],
    ]);
    imported.model.dispose();
  });
});
