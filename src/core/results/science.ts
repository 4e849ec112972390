// What the lab's science jobs and schedules report, as plain data: the worker sends these to
// the page, the scripts tabulate them and the charts draw them. The runs that produce them
// are in core/lab/.

import type { Criterion, Scope, Structure } from '../method';
import type { ReferencePoint } from '../models/references';
import type { AgpSchedule } from '../prune/schedules';
import type { TrainProgress } from './training';

export type ScienceJob = 'criterion' | 'sweep' | 'sensitivity' | 'iterative' | 'agp' | 'lottery' | 'compact';

export interface JobProgress {
  readonly job: ScienceJob;
  /** Units of work done and in all (evaluations, rounds, steps: see label). */
  readonly done: number;
  readonly total: number;
  /** What is happening now, e.g. "taylor at 90 %" or "round 2/4: fine-tuning". */
  readonly label: string;
  /** Training progress of the current phase, when it trains. */
  readonly train?: TrainProgress;
}

export interface SweepPoint {
  readonly criterion: Criterion;
  readonly rate: number;
  /** Achieved sparsity over the selected layers, and over all prunable layers. */
  readonly sparsity: number;
  readonly sparsityAll: number;
  readonly accuracy: number;
}

export interface SweepResult {
  readonly points: readonly SweepPoint[];
  /** Accuracy of the anchor (rate 0), and the zeros its selected layers already hold. */
  readonly anchorAccuracy: number;
  readonly anchorSparsity: number;
  /** Test examples each accuracy is measured on. */
  readonly examples: number;
  readonly scope: Scope;
  readonly structure: Structure;
  /** Han et al.'s LeNet-5 point (drawn on LeNet-5 charts). */
  readonly reference: ReferencePoint;
  /** Seconds spent scoring each criterion (gradients included). */
  readonly scoreSeconds: Readonly<Partial<Record<Criterion, number>>>;
  readonly seconds: number;
  /** True when stopped early: `points` holds what was measured. */
  readonly stopped: boolean;
}

export interface SensitivityPoint {
  readonly layer: string;
  readonly rate: number;
  /** Achieved sparsity of that layer's kernel. */
  readonly layerSparsity: number;
  readonly accuracy: number;
}

export interface SensitivityResult {
  readonly criterion: Criterion;
  readonly structure: Structure;
  readonly anchorAccuracy: number;
  readonly examples: number;
  readonly points: readonly SensitivityPoint[];
  readonly seconds: number;
  readonly stopped: boolean;
}

export interface IterativeRound {
  readonly round: number;
  readonly rate: number;
  readonly sparsity: number;
  /** Accuracy right after pruning, and after fine-tuning. */
  readonly prunedAccuracy: number;
  readonly finetunedAccuracy: number;
  readonly finetuneSeconds: number;
}

export interface IterativeResult {
  readonly rounds: readonly IterativeRound[];
  readonly anchorAccuracy: number;
  readonly finalAccuracy: number;
  readonly finalSparsity: number;
  readonly seconds: number;
  readonly stopped: boolean;
}

export interface AgpUpdate {
  readonly step: number;
  /** s_t from the schedule, and the sparsity the masks achieved. */
  readonly target: number;
  readonly sparsity: number;
}

export interface AgpResult {
  readonly schedule: AgpSchedule;
  readonly updates: readonly AgpUpdate[];
  readonly anchorAccuracy: number;
  readonly epochAccuracies: readonly number[];
  readonly finalAccuracy: number;
  readonly finalSparsity: number;
  readonly steps: number;
  readonly seconds: number;
  readonly stopped: boolean;
}

export interface RetrainRun {
  /** Test accuracy after each epoch. */
  readonly epochAccuracies: readonly number[];
  readonly accuracy: number;
  readonly seconds: number;
}

export interface LotteryResult {
  readonly rate: number;
  readonly sparsity: number;
  readonly anchorAccuracy: number;
  /** The anchor pruned one-shot, before any retraining. */
  readonly prunedAccuracy: number;
  /** Surviving weights rewound to their initial values, retrained. */
  readonly ticket: RetrainRun | null;
  /** Same masks, fresh random initialisation, retrained. */
  readonly control: RetrainRun | null;
  readonly seconds: number;
  readonly stopped: boolean;
}
