// What the network is: the tutorial's LeNet-5, layer by layer, with its parameter count.

const LAYERS = [
  ['conv1', '20 filters 5×5, ReLU', '520'],
  ['pool1', 'max-pool 2×2', '0'],
  ['conv2', '50 filters 5×5, ReLU', '25,050'],
  ['pool2', 'max-pool 2×2', '0'],
  ['fc1', 'dense 800 → 500, ReLU', '400,500'],
  ['fc2', 'dense 500 → 10', '5,010'],
] as const;

export function ModelCard({ params }: { params: number | null }) {
  return (
    <details className="model-card">
      <summary>
        LeNet-5: conv → pool → conv → pool → dense → dense, {(params ?? 431080).toLocaleString('en-US')} parameters
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
          {LAYERS.map(([name, what, count]) => (
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
