// What the network is, layer by layer, with parameter counts.

import type { ModelInfo } from '../../core/models/catalog';

const LAYERS: Record<ModelInfo['id'], readonly (readonly [string, string, string])[]> = {
  lenet5: [
    ['conv1', '20 filters 5×5, ReLU', '520'],
    ['pool1', 'max-pool 2×2', '0'],
    ['conv2', '50 filters 5×5, ReLU', '25,050'],
    ['pool2', 'max-pool 2×2', '0'],
    ['fc1', 'dense 800 → 500, ReLU', '400,500'],
    ['fc2', 'dense 500 → 10', '5,010'],
  ],
  imdb: [
    ['embedding', '10,002 words × 100 (0 = padding, 1 = unknown)', '1,000,200'],
    ['mean', "average over the review's real tokens (padding excluded)", '0'],
    ['fc1', 'dense 100 → 200, ReLU', '20,200'],
    ['fc2', 'dense 200 → 1 (positive-sentiment logit)', '201'],
  ],
};

const SUMMARY: Record<ModelInfo['id'], string> = {
  lenet5: 'LeNet-5: conv → pool → conv → pool → dense → dense',
  imdb: 'Bag of embeddings: embedding → mean → dense → dense',
};

const TOTAL: Record<ModelInfo['id'], number> = { lenet5: 431_080, imdb: 1_020_601 };

export function ModelCard({ info, params }: { info: ModelInfo; params: number | null }) {
  return (
    <details className="model-card">
      <summary>
        {SUMMARY[info.id]}, {(params ?? TOTAL[info.id]).toLocaleString('en-US')} parameters
      </summary>
      <table>
        <thead>
          <tr>
            <th scope="col">layer</th>
            <th scope="col">what it does</th>
            <th scope="col">parameters</th>
          </tr>
        </thead>
        <tbody>
          {LAYERS[info.id].map(([name, what, count]) => (
            <tr key={name}>
              <td>{name}</td>
              <td>{what}</td>
              <td className="num">{count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
