// Events of the science jobs (criterion scoring, sweeps, sensitivity, schedules, compaction):
// progress while they run, then their results as plain numbers. Part of LabEvent, so the
// worker forwards them to the UI unchanged.

import type { Criterion } from './pruning/scores';
import type { AgpResult } from './science/agp';
import type { CompactSummary } from './science/compactRun';
import type { JobProgress } from './science/context';
import type { IterativeResult } from './science/iterative';
import type { LotteryResult } from './science/lottery';
import type { SensitivityResult } from './science/sensitivity';
import type { SweepResult } from './science/sweep';

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
