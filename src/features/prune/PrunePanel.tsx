// The pruning controls and their live readouts: rate slider, scope, per-layer cap, layers,
// prune-from checkpoint, achieved sparsity, non-zero weights and test accuracy (estimate
// while dragging), fine-tune. Every figure comes from the ModelView of the model on screen.

import { useState } from 'react';
import type { ModelInfo } from '../../core/models/catalog';
import { DEFAULT_GLOBAL_CAP, MAX_RATE, type PruneMethod } from '../../core/method';
import { layerSparsity, nearlyEmptyLayers, type ModelView } from '../../core/prune/view';
import type { HideableControl } from '../../kit/controls';
import { downloadsFirst, formatCount, formatPercent } from '../../kit/format';
import type { CheckpointInfo } from '../../protocol/results';
import { denseCheckpoint, type ShownAccuracy } from './pruneSlice';
import { LayerPicker } from './LayerPicker';
import { rateMeaning } from './rateText';

export interface PrunePanelProps {
  readonly info: ModelInfo;
  readonly method: PruneMethod;
  readonly view: ModelView | null;
  readonly accuracy: ShownAccuracy | null;
  readonly checkpoints: readonly CheckpointInfo[];
  readonly anchorId: number;
  /** A model exists and nothing long runs: the slider, prune-from and fine-tune work. */
  readonly enabled: boolean;
  /** Nothing long runs: the method's options can change (before training too). */
  readonly editable: boolean;
  readonly shown: (control: HideableControl) => boolean;
  readonly onChange: (next: PruneMethod) => void;
  readonly onRelease: () => void;
  readonly onPruneFrom: (id: number) => void;
  readonly onFinetune: (epochs: number) => void;
  /** Bytes of training data Fine-tune fetches first (a trained start), or null. */
  readonly downloadFirst: number | null;
}

function AccuracyReadout({ accuracy }: { accuracy: ShownAccuracy | null }) {
  if (!accuracy) return <span className="metric-value" data-testid="test-accuracy" data-stale="true">—</span>;
  const { stale, estimate, examples, value } = accuracy;
  return (
    <>
      <span data-testid="test-accuracy" data-stale={stale} data-estimate={estimate} className={`metric-value${stale ? ' stale' : ''}`}>
        {formatPercent(value)}
      </span>
      <span className="metric-help">
        {stale
          ? 'measuring the new setting…'
          : estimate
            ? `estimate on ${formatCount(examples)} test examples while you drag; the full test set is measured when you let go`
            : 'on the full test set'}
      </span>
    </>
  );
}

/** The sparsity an N:M pattern gives each selected layer: (M − N) / M. */
function nmSparsity(pattern: string): number {
  const [n, m] = pattern.split(':').map(Number);
  return (m - n) / m;
}

/** The accuracy before any pruning, beside the accuracy now, so the two can be compared at a glance. */
function DenseReference({ checkpoints }: { checkpoints: readonly CheckpointInfo[] }) {
  const dense = denseCheckpoint({ checkpoints });
  if (!dense) return null;
  return (
    <span className="metric-help" data-testid="dense-reference">
      {dense.kind === 'dense' ? 'dense model' : dense.kind === 'imported' ? 'imported model' : 'checkpoint #0'}: {formatPercent(dense.accuracy)}
    </span>
  );
}

function SparsityNote({ view, method, capValue }: { view: ModelView; method: PruneMethod; capValue: number }) {
  const empty = nearlyEmptyLayers(view);
  const capped = method.scope === 'global' && method.cap !== null && view.selected.sparsity + 0.0005 < method.rate && !view.belowAnchor;
  return (
    <>
      {view.belowAnchor && (
        <p className="note" data-testid="below-anchor-note">
          This checkpoint is already {formatPercent(view.anchorSparsity, 1)} sparse: a lower rate keeps its zeros, so the model on screen is{' '}
          {formatPercent(view.selected.sparsity, 1)} sparse.
        </p>
      )}
      {capped && (
        <p className="note" data-testid="cap-note">
          The slider asks for {formatPercent(method.rate, 0)}, but no layer may lose more than {formatPercent(method.cap ?? 1, 0)}: the model is{' '}
          {formatPercent(view.selected.sparsity, 1)} sparse.
        </p>
      )}
      {empty.length > 0 && (
        <p className="warning" data-testid="empty-layer-warning" role="alert">
          {empty.map((l) => `${l.name} keeps ${formatCount(l.size - l.zeros)} of ${formatCount(l.size)} weights (${formatPercent(1 - layerSparsity(l), 2)})`).join('; ')}: a layer this empty
          barely passes a signal, and fine-tuning cannot bring it back.
          {method.scope === 'global' &&
            method.cap === null &&
            ` A per-layer cap (${formatPercent(capValue, 0)}) keeps at least ${formatPercent(1 - capValue, 0)} of every layer, but takes the same number of zeros from the other layers instead: it keeps every layer alive, not necessarily more accuracy. Compare both.`}
        </p>
      )}
    </>
  );
}

export function PrunePanel(p: PrunePanelProps) {
  const { method, view, enabled, shown, onChange } = p;
  const [epochs, setEpochs] = useState(1);
  // The cap the checkbox turns back on: the user's last choice, not the default.
  const [capValue, setCapValue] = useState(method.cap ?? DEFAULT_GLOBAL_CAP);
  if (method.cap !== null && method.cap !== capValue) setCapValue(method.cap); // a link or preset chose it
  const shownCap = method.cap ?? capValue;
  const selected = view?.selected ?? null;
  const partial = view !== null && view.selected.weights < view.all.weights;
  const set = (patch: Partial<PruneMethod>) => onChange({ ...method, ...patch });
  // N:M fixes the sparsity itself (N of every M): the rate, scope and cap do not apply.
  const nm = method.structure === 'nm';
  return (
    <div className="prune-panel">
      <label className="slider-row">
        <span className="slider-label">
          {nm ? (
            <>
              Sparsity <strong>{Math.round(nmSparsity(method.nm) * 100)}%</strong>, set by the {method.nm} pattern (your rate, {Math.round(method.rate * 100)}%, returns when you leave N:M)
            </>
          ) : (
            <>
              Pruning rate <strong>{Math.round(method.rate * 100)}%</strong>
            </>
          )}
        </span>
        <input
          type="range"
          data-testid="prune-slider"
          min={0}
          max={MAX_RATE}
          step={0.01}
          value={nm ? nmSparsity(method.nm) : method.rate}
          disabled={!enabled || nm}
          aria-valuetext={nm ? `set by the ${method.nm} pattern` : `${Math.round(method.rate * 100)} percent of the selected weights removed`}
          onChange={(e) => set({ rate: Number(e.currentTarget.value) })}
          onPointerUp={p.onRelease}
          onKeyUp={p.onRelease}
        />
      </label>
      <p className="metric-help" data-testid="rate-meaning">
        {rateMeaning(method)}
      </p>
      {nm && (
        <p className="note" data-testid="nm-note">
          N:M ({method.nm}) sets the sparsity itself: in every group of {method.nm.split(':')[1]} consecutive input weights, the {method.nm.split(':')[0]} most important stay. So the
          slider, scope and cap are off here. Browsers have no N:M kernels, so here it buys storage (values + indices), not speed.
        </p>
      )}
      {view && <SparsityNote view={view} method={method} capValue={capValue} />}
      <div className="option-row">
        {p.checkpoints.length > 1 && shown('anchor') && (
          <label>
            Prune from{' '}
            <select data-testid="anchor-select" value={p.anchorId} disabled={!enabled} onChange={(e) => p.onPruneFrom(Number(e.currentTarget.value))}>
              {p.checkpoints.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label} · {formatPercent(c.accuracy)}
                </option>
              ))}
            </select>
          </label>
        )}
        {shown('scope') && (
          <label>
            Scope{' '}
            <select data-testid="scope-select" value={method.scope} disabled={!p.editable || nm} onChange={(e) => set({ scope: e.currentTarget.value === 'global' ? 'global' : 'layer' })}>
              <option value="layer">per layer (each layer loses the same share)</option>
              <option value="global">global (one threshold over all layers)</option>
            </select>
          </label>
        )}
        {method.scope === 'global' && shown('cap') && (
          <label>
            <input type="checkbox" data-testid="cap-toggle" checked={method.cap !== null} disabled={!p.editable || nm} onChange={(e) => set({ cap: e.currentTarget.checked ? capValue : null })} /> cap each layer at{' '}
            <select aria-label="per-layer cap" data-testid="cap-select" value={shownCap} disabled={!p.editable || nm || method.cap === null} onChange={(e) => set({ cap: Number(e.currentTarget.value) })}>
              {[0.8, 0.9, 0.95, 0.98, 0.99].map((c) => (
                <option key={c} value={c}>
                  {Math.round(c * 100)}%
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {shown('layers') && <LayerPicker info={p.info} method={method} disabled={!p.editable} onChange={onChange} />}
      <div className="readouts">
        <div className="metric">
          <span className="metric-label">Achieved sparsity</span>
          <span className="metric-value" data-testid="sparsity-total">
            {selected ? formatPercent(selected.sparsity, 1) : '—'}
          </span>
          <span className="metric-help">
            Share of the selected layers' weights that are zero{partial && view ? ` (all prunable layers: ${formatPercent(view.all.sparsity, 1)})` : ''}.
          </span>
        </div>
        <div className="metric">
          <span className="metric-label">Non-zero weights</span>
          <span className="metric-value small" data-testid="nonzero-params">
            {selected ? `${formatCount(selected.weights - selected.zeros)} / ${formatCount(selected.weights)}` : '—'}
          </span>
          <span className="metric-help">Weights left in the selected layers; biases are never pruned.</span>
        </div>
        <div className="metric">
          <span className="metric-label">Test accuracy now</span>
          <AccuracyReadout accuracy={p.accuracy} />
          <DenseReference checkpoints={p.checkpoints} />
        </div>
      </div>
      {shown('finetune') && (
        <div className="buttons">
          <button type="button" className="primary" data-testid="finetune-button" disabled={!enabled} onClick={() => p.onFinetune(epochs)}>
            Fine-tune{downloadsFirst(p.downloadFirst)}
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
