// The schedules run so far, one row each: how many rounds or mask updates, the sparsity
// reached and the test accuracy, with the per-round path (iterative) and the lottery
// ticket against the same masks from a random re-initialisation.

import type { ScheduleResult } from '../../protocol/results';
import { formatPercent } from '../../kit/format';

interface Row {
  readonly name: string;
  readonly steps: string;
  readonly sparsity: number;
  readonly accuracy: number | null;
  readonly detail: string;
  readonly stopped: boolean;
  readonly baseline: string;
}

const pc = (v: number) => (Number.isFinite(v) ? formatPercent(v) : '—');

function baselineOf(r: ScheduleResult): string {
  const b = r.baseline;
  if (!b) return '—';
  return `${pc(b.accuracy)} (${b.epochs} epoch${b.epochs === 1 ? '' : 's'} from ${b.from === 'anchor' ? 'the checkpoint' : 'the initial weights'})`;
}

function rowOf(r: ScheduleResult): Row {
  return { ...rowBase(r), baseline: baselineOf(r) };
}

function rowBase(r: ScheduleResult): Omit<Row, 'baseline'> {
  switch (r.kind) {
    case 'iterative': {
      const x = r.result;
      return {
        name: 'iterative',
        steps: `${x.rounds.length} round${x.rounds.length === 1 ? '' : 's'}`,
        sparsity: x.finalSparsity,
        accuracy: x.finalAccuracy,
        detail: x.rounds.map((k) => `${formatPercent(k.sparsity, 1)}: ${pc(k.prunedAccuracy)} → ${pc(k.finetunedAccuracy)}`).join(' · '),
        stopped: x.stopped,
      };
    }
    case 'agp': {
      const x = r.result;
      return {
        name: 'gradual (AGP)',
        steps: `${x.updates.length} mask updates, ${x.steps} steps`,
        sparsity: x.finalSparsity,
        accuracy: x.finalAccuracy,
        detail: `epochs: ${x.epochAccuracies.map(pc).join(' → ') || '—'}`,
        stopped: x.stopped,
      };
    }
    case 'lottery': {
      const x = r.result;
      return {
        name: 'lottery ticket',
        steps: `${x.ticket?.epochAccuracies.length ?? 0} retraining epoch(s)`,
        sparsity: x.sparsity,
        accuracy: x.ticket?.accuracy ?? null,
        detail: `pruned, not retrained ${pc(x.prunedAccuracy)} · ticket (rewound to init) ${x.ticket ? pc(x.ticket.accuracy) : '—'} · random re-init ${x.control ? pc(x.control.accuracy) : '—'}`,
        stopped: x.stopped,
      };
    }
  }
}

export function ScheduleResults({ results }: { results: readonly ScheduleResult[] }) {
  if (results.length === 0) return null;
  return (
    <div className="schedule-results compare" data-testid="schedule-results">
      <h3>Schedules</h3>
      <p className="metric-help">A schedule trains more than the one-shot slider does: compare it with the dense model trained for as many epochs, not only with the original dense accuracy.</p>
      <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th>schedule</th>
            <th>steps</th>
            <th>sparsity</th>
            <th>test accuracy</th>
            <th title="the same model trained dense for as many epochs as the schedule trained">dense, same epochs</th>
            <th>path</th>
          </tr>
        </thead>
        <tbody>
          {results.map(rowOf).map((row, i) => (
            <tr key={i} data-stopped={row.stopped}>
              <td>
                {row.name}
                {row.stopped && ' (stopped, discarded)'}
              </td>
              <td>{row.steps}</td>
              <td className="num">{formatPercent(row.sparsity, 1)}</td>
              <td className="num">{row.accuracy === null ? '—' : pc(row.accuracy)}</td>
              <td className="num" data-testid="schedule-baseline-accuracy">{row.baseline}</td>
              <td className="detail">{row.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </div>
  );
}
