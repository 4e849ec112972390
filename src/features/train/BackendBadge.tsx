// Names the tfjs backend in use and, when it is not the first choice, why.

import type { BackendChoice } from '../../core/backend/chooseBackend';

const LABELS: Record<BackendChoice['name'], string> = {
  webgpu: 'WebGPU (your GPU)',
  webgl: 'WebGL (your GPU)',
  wasm: 'WebAssembly (CPU)',
  cpu: 'plain JavaScript (CPU, slow)',
};

const speed = (ips: number | null) => (ips === null ? 'failed' : `${Math.round(ips).toLocaleString('en-US')} images/s`);

export function BackendBadge({ choice }: { choice: BackendChoice | null }) {
  if (!choice) {
    return (
      <div className="backend">
        <span className="badge badge-pending" data-testid="backend-name">
          choosing…
        </span>
      </div>
    );
  }
  const fellBack = choice.reasons.length > 0;
  return (
    <div className="backend">
      <span className={`badge badge-${choice.name}`} title={choice.detail}>
        backend <strong data-testid="backend-name">{choice.name}</strong>
      </span>
      <span className="backend-label">
        {LABELS[choice.name]}
        <span className="backend-detail" data-testid="backend-detail">
          {' · '}
          {choice.detail}
        </span>
      </span>
      {choice.race && (
        <span className="backend-race" data-testid="backend-race">
          {' · '}raced on real training steps: {choice.race.gpu} {speed(choice.race.gpuImagesPerSec)}, wasm {speed(choice.race.wasmImagesPerSec)} → {choice.race.winner}
        </span>
      )}
      {fellBack && (
        <details className="backend-why" data-testid="backend-fallback">
          <summary>why not {choice.requested ?? 'the GPU'}?</summary>
          <ul>
            {choice.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
