import { describe, expect, it } from 'vitest';
import { MODEL_INFO } from './catalog';
import { modelCard } from './modelCard';

const table = (id: keyof typeof MODEL_INFO) => modelCard(MODEL_INFO[id]).rows.map((r) => [r.name, r.what, r.params.toLocaleString('en-US')]);

describe('model card derived from the description', () => {
  it('LeNet-5: the rows and the 431,080 parameters the card used to hand-type', () => {
    const card = modelCard(MODEL_INFO.lenet5);
    expect(card.summary).toBe('LeNet-5: conv → pool → conv → pool → dense → dense');
    expect(card.params).toBe(431_080);
    expect(table('lenet5')).toEqual([
      ['conv1', '20 filters 5×5, ReLU', '520'],
      ['pool1', 'max-pool 2×2', '0'],
      ['conv2', '50 filters 5×5, ReLU', '25,050'],
      ['pool2', 'max-pool 2×2', '0'],
      ['fc1', 'dense 800 → 500, ReLU', '400,500'],
      ['fc2', 'dense 500 → 10', '5,010'],
    ]);
  });

  it('IMDB: embedding, the mean over real tokens, 1,020,601 parameters', () => {
    const card = modelCard(MODEL_INFO.imdb);
    expect(card.summary).toBe('Bag of embeddings: embedding → mean → dense → dense');
    expect(card.params).toBe(1_020_601);
    expect(table('imdb')).toEqual([
      ['embedding', '10,002 words × 100 (0 = padding, 1 = unknown)', '1,000,200'],
      ['mean', "average over the review's real tokens (padding excluded)", '0'],
      ['fc1', 'dense 100 → 200, ReLU', '20,200'],
      ['fc2', 'dense 200 → 1 (positive-sentiment logit)', '201'],
    ]);
  });

  it('follows the description: another width changes the rows and the total', () => {
    const lenet5 = MODEL_INFO.lenet5;
    const wider = { ...lenet5, layers: lenet5.layers.map((l) => (l.kind === 'dense' && l.name === 'fc1' ? { ...l, units: 600 } : l)) };
    const card = modelCard(wider);
    expect(card.rows.find((r) => r.name === 'fc1')).toEqual({ name: 'fc1', what: 'dense 800 → 600, ReLU', params: 480_600, pruning: 'weights, or whole neurons' });
    expect(card.params).toBe(431_080 + 80_100 + 100 * 10);
  });
});
