// What the network is, layer by layer, with parameter counts and how each layer can be pruned
// (whole channels, or why not): all derived from the model's
// description (core/models/modelCard.ts); `params` is the built model's own count once known.

import type { ModelInfo } from '../../core/models/catalog';
import { modelCard } from '../../core/models/modelCard';

export function ModelCard({ info, params }: { info: ModelInfo; params: number | null }) {
  const card = modelCard(info);
  return (
    <details className="model-card" data-testid="model-card">
      <summary>
        {card.summary}, {(params ?? card.params).toLocaleString('en-US')} parameters
      </summary>
      <table>
        <thead>
          <tr>
            <th scope="col">layer</th>
            <th scope="col">what it does</th>
            <th scope="col">parameters</th>
            <th scope="col">pruning</th>
          </tr>
        </thead>
        <tbody>
          {card.rows.map((row) => (
            <tr key={row.name}>
              <td>{row.name}</td>
              <td>{row.what}</td>
              <td className="num">{row.params.toLocaleString('en-US')}</td>
              <td>{row.pruning}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
