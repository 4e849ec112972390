// Events of the science jobs (criterion scoring, sweeps, sensitivity, schedules, compaction):
// progress while they run, then their results as plain numbers. Part of LabEvent, so the
// worker forwards them to the UI unchanged.

import type { Criterion } from '../core/prune/scores';
import type { AgpResult } from '../core/experiments/agp';
import type { CompactSummary } from '../core/experiments/compactRun';
import type { JobProgress } from '../core/experiments/context';
import type { IterativeResult } from '../core/experiments/iterative';
import type { LotteryResult } from '../core/experiments/lottery';
import type { SensitivityResult } from '../core/experiments/sensitivity';
import type { SweepResult } from '../core/experiments/sweep';

export type ScheduleResult =
  | { readonly kind: 'iterative'; readonly result: IterativeResult }
  | { readonly kind: 'agp'; readonly result: AgpResult }
  | { readonly kind: 'lottery'; readonly result: LotteryResult };

export type ScienceEvent =
  /** The anchor was (re)scored under `criterion`; a pruneStats event with the new masks follows. */
  | { readonly type: 'criterion'; readonly criterion: Criterion; readonly seconds: number }
  | { readonly type: 'scienceProgress'; readonly progress: JobProgress }
  | { readonly type: 'sweepResult'; readonly result: SweepResult }
  | { readonly type: 'sensitivityResult'; readonly result: SensitivityResult }
  | { readonly type: 'scheduleResult'; readonly result: ScheduleResult }
  | { readonly type: 'compactResult'; readonly result: CompactSummary };
