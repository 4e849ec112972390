// The pruning controls and their live readouts: rate slider, scope, layers, global cap,
// achieved sparsity, non-zero weights, test accuracy (estimate while dragging), fine-tune.

import { useState } from 'react';
import type { PruneControls } from './usePruneControls';
import type { ModelInfo } from '../../core/models/catalog';
import { formatPercent, isBusy, type LabState } from '../../shell/labState';
import { isStale } from './pruneState';
import type { HideableControl } from '../../shell/urlState';

interface PrunePanelProps {
  readonly state: LabState;
  readonly controls: PruneControls;
  readonly info: ModelInfo;
  readonly onFinetune: (epochs: number) => void;
  /** Controls a link hides for a simplified classroom view (hide=scope,layers,…). */
  readonly hidden?: readonly HideableControl[];
}

const fmt = (n: number) => n.toLocaleString('en-US');

function AccuracyReadout({ state }: { state: LabState }) {
  const acc = state.prune.accuracy;
  const stale = acc !== null && isStale(acc.id, state.prune.requestedId);
  if (!acc)
    return (
      <span className="metric-value" data-testid="test-accuracy">
        —
      </span>
    );
  return (
    <>
      <span data-testid="test-accuracy" data-stale={stale} className={`metric-value${stale ? ' stale' : ''}`}>
        {formatPercent(acc.value)}
      </span>
      <span className="metric-help">
        {stale
          ? 'updating for the new setting…'
          : acc.estimate
            ? `estimate on ${fmt(acc.examples)} test examples while you drag; the full test set is measured when you let go`
            : 'on the full test set'}
      </span>
    </>
  );
}

/** What the slider zeroes, in words: the tutorial's L1 by default. */
function prunedWhat(state: LabState): string {
  const stats = state.prune.stats;
  const channels = stats?.structure === 'channels';
  if (!stats || (stats.criterion === 'magnitude' && !channels)) return 'the smallest-magnitude (L1) weights';
  return `the ${channels ? 'whole channels' : 'weights'} with the lowest ${stats.criterion} scores`;
}

export function PrunePanel({ state, controls, info, onFinetune, hidden = [] }: PrunePanelProps) {
  const shown = (control: HideableControl) => !hidden.includes(control);
  const layers = info.prunableLayers;
  const [epochs, setEpochs] = useState(1);
  const { request } = controls;
  const stats = state.prune.stats;
  const trained = state.prune.checkpoints.length > 0;
  const busy = isBusy(state);
  const enabled = trained && !busy;
  const nonZero = stats ? stats.selected - stats.selectedPruned : null;
  const partial = stats !== null && stats.selected < stats.prunable;
  const floor = stats?.anchorSparsity ?? 0;
  return (
    <div className="prune-panel">
      <label className="slider-row">
        <span className="slider-label">
          Pruning rate <strong>{Math.round(request.rate * 100)}%</strong>
        </span>
        <input
          type="range"
          data-testid="prune-slider"
          min={0}
          max={0.99}
          step={0.01}
          value={request.rate}
          disabled={!enabled}
          aria-valuetext={`${Math.round(request.rate * 100)} percent of prunable weights removed`}
          onChange={(e) => controls.setRate(Number(e.currentTarget.value))}
          onPointerUp={controls.release}
          onKeyUp={controls.release}
        />
      </label>
      <p className="metric-help">
        Sets {prunedWhat(state)} to zero, counted from the current checkpoint.
        {floor > 0 && ` This checkpoint is already ${formatPercent(floor, 1)} sparse: pruning less keeps its zeros.`}
      </p>
      <div className="option-row">
        {state.prune.checkpoints.length > 1 && shown('anchor') && (
          <label>
            Prune from{' '}
            <select
              data-testid="anchor-select"
              value={state.prune.anchorId}
              disabled={!enabled}
              onChange={(e) => controls.pruneFrom(Number(e.currentTarget.value))}
            >
              {state.prune.checkpoints.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label} ({formatPercent(c.accuracy)})
                </option>
              ))}
            </select>
          </label>
        )}
        {shown('scope') && (
          <label>
            Scope{' '}
            <select
              data-testid="scope-select"
              value={request.scope}
              disabled={!enabled}
              onChange={(e) => controls.setScope(e.currentTarget.value === 'global' ? 'global' : 'layer')}
            >
              <option value="layer">per layer (each layer loses the same share)</option>
              <option value="global">global (one threshold over all layers)</option>
            </select>
          </label>
        )}
        {request.scope === 'global' && shown('cap') && (
          <label>
            <input
              type="checkbox"
              checked={request.cap !== null}
              disabled={!enabled}
              onChange={(e) => controls.setCap(e.currentTarget.checked ? 0.95 : null)}
            />{' '}
            cap each layer at{' '}
            <select
              aria-label="per-layer cap"
              value={request.cap ?? 0.95}
              disabled={!enabled || request.cap === null}
              onChange={(e) => controls.setCap(Number(e.currentTarget.value))}
            >
              {[0.8, 0.9, 0.95, 0.98, 0.99].map((c) => (
                <option key={c} value={c}>
                  {Math.round(c * 100)}%
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {shown('layers') && (
        <fieldset className="layer-toggles" disabled={!enabled}>
          <legend>Layers to prune</legend>
          {layers.map((l) => (
            <label key={l}>
              <input type="checkbox" checked={request.include.includes(l)} onChange={() => controls.toggleLayer(l)} /> {l}
            </label>
          ))}
          {info.rowLayers
            .filter((l) => request.include.includes(l))
            .map((l) => (
              <label key={`${l}-rows`} className="rows-toggle">
                <input
                  type="checkbox"
                  data-testid={`rows-toggle-${l}`}
                  checked={(request.rowLayers ?? []).includes(l)}
                  onChange={() => controls.toggleRows(l)}
                />{' '}
                prune {l} by whole rows (one row = one word, ranked by its L2 norm; always per layer)
              </label>
            ))}
        </fieldset>
      )}
      <div className="readouts">
        <div className="metric">
          <span className="metric-label">Achieved sparsity</span>
          <span className="metric-value" data-testid="sparsity-total">
            {stats ? formatPercent(stats.sparsity, 1) : '—'}
          </span>
          <span className="metric-help">
            Share of the selected layers' weights that are zero
            {partial && stats ? ` (all prunable layers: ${formatPercent(stats.sparsityAll, 1)})` : ''}.
          </span>
        </div>
        <div className="metric">
          <span className="metric-label">Non-zero weights</span>
          <span className="metric-value small" data-testid="nonzero-params">
            {stats && nonZero !== null ? `${fmt(nonZero)} / ${fmt(stats.selected)}` : '—'}
          </span>
          <span className="metric-help">Weights left in the selected layers; biases are never pruned.</span>
        </div>
        <div className="metric">
          <span className="metric-label">Test accuracy now</span>
          <AccuracyReadout state={state} />
        </div>
      </div>
      {shown('finetune') && (
        <div className="buttons">
          <button type="button" className="primary" data-testid="finetune-button" disabled={!enabled} onClick={() => onFinetune(epochs)}>
            Fine-tune
          </button>
          <label>
            for{' '}
            <select value={epochs} onChange={(e) => setEpochs(Number(e.currentTarget.value))} disabled={!enabled}>
              {[1, 2, 3].map((n) => (
                <option key={n} value={n}>
                  {n} epoch{n > 1 ? 's' : ''}
                </option>
              ))}
            </select>
          </label>
          <span className="hint">Trains the pruned network with its masks held, so pruned weights stay exactly zero.</span>
        </div>
      )}
    </div>
  );
}
