// "5 · Science": compare criteria across sparsities (sweep), find the fragile layers
// (sensitivity), and compact a channel-pruned model into a genuinely smaller one (the table of
// schedule runs sits beside their Run button). Every job runs in the worker on the test examples this page loaded,
// shows progress and can be stopped.

import { useState } from 'react';
import { CRITERIA, type Criterion } from '../../core/method';
import type { PublishedPoint } from '../../core/models/description';
import type { ScienceActions } from './scienceActions';
import type { ScienceSliceState } from './scienceSlice';
import { CompactSummary } from './CompactSummary';
import { JobStatus } from './JobStatus';
import { CRITERION_TEXT } from '../../kit/methodText';
import { SensitivityChart } from './SensitivityChart';
import { SweepChart } from './SweepChart';

interface Props {
  readonly actions: ScienceActions;
  readonly state: ScienceSliceState;
  /** A model exists and nothing runs: experiments can start. */
  readonly enabled: boolean;
  /** The view on screen removes whole channels. */
  readonly canCompact: boolean;
  readonly criterion: Criterion;
  /** A published result for this architecture, drawn on the sweep chart. */
  readonly reference: PublishedPoint | null;
  /** Test examples loaded (what every accuracy here is measured on). */
  readonly testExamples: number | null;
  /** What one example is (images, reviews). */
  readonly itemLabel: string;
}

export function SciencePanel({ actions, state, enabled, canCompact, criterion, reference, testExamples, itemLabel }: Props) {
  const [criteria, setCriteria] = useState<readonly Criterion[]>(['magnitude', 'random']);
  const toggle = (c: Criterion) =>
    setCriteria((now) => (now.includes(c) ? now.filter((x) => x !== c) : CRITERIA.filter((x) => x === c || now.includes(x))));
  const on = enabled;
  const examples = testExamples === null ? 'the loaded test examples' : `${testExamples.toLocaleString('en-US')} test examples`;
  return (
    <div className="science">
      <JobStatus science={state} jobs={['sweep', 'sensitivity', 'compact']} onStop={actions.stop} />
      <div className="science-grid">
        <div>
          <h3>Criteria against sparsity</h3>
          <fieldset className="criteria-picker" disabled={!on}>
            <legend>Criteria to compare</legend>
            {CRITERIA.map((c) => (
              <label key={c}>
                <input type="checkbox" data-testid={`sweep-criterion-${c}`} checked={criteria.includes(c)} onChange={() => toggle(c)} />{' '}
                {CRITERION_TEXT[c].label}
              </label>
            ))}
          </fieldset>
          <div className="buttons">
            <button type="button" data-testid="sweep-run" disabled={!on || criteria.length === 0} onClick={() => actions.runSweep(criteria)}>
              Run sweep
            </button>
            <span className="hint">0–99 % one-shot with the current scope, structure and layers, on {examples}.</span>
          </div>
          <SweepChart sweep={state.sweep} reference={reference} />
        </div>
        <div>
          <h3>Which layers are fragile?</h3>
          <div className="buttons">
            <button type="button" data-testid="sensitivity-run" disabled={!on} onClick={actions.runSensitivity}>
              Run sensitivity analysis
            </button>
            <span className="hint">
              Each layer alone at 50–99 %, by {CRITERION_TEXT[criterion].label}, on {examples}.
            </span>
          </div>
          <SensitivityChart result={state.sensitivity} />
        </div>
      </div>
      <h3>Compact: a genuinely smaller model</h3>
      <div className="buttons">
        <button type="button" data-testid="compact-button" disabled={!on || !canCompact} onClick={actions.compact}>
          Compact
        </button>
        <span className="hint">
          {canCompact
            ? 'Builds the dense model without the removed channels, checks it computes the same outputs, and times both.'
            : 'Needs whole-channel pruning: choose structure “whole channels” and move the slider.'}
        </span>
      </div>
      {state.compact && <CompactSummary summary={state.compact.result} unit={itemLabel} />}
    </div>
  );
}
