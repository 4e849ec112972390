// The criteria the lab offers, in the order the controls list them: one unit per file in
// this folder. Adding a criterion is its file, its test and one line here.

import type { CriterionUnit } from './criterion';
import { fisher } from './fisher';
import { magnitude } from './magnitude';
import { random } from './random';
import { taylor } from './taylor';
import { wanda } from './wanda';

/** The controller's default scores, |w|. */
export { magnitudeScores } from './magnitude';

export const CRITERION_UNITS = [magnitude, taylor, fisher, random, wanda] as const;

/** A criterion's id: the URL's `criterion=` value. */
export type Criterion = (typeof CRITERION_UNITS)[number]['id'];

/** The ids, in the controls' order. */
export const CRITERIA: readonly Criterion[] = CRITERION_UNITS.map((u) => u.id);

/** The unit of criterion `id`. */
export function criterionUnit(id: Criterion): CriterionUnit<Criterion> {
  const unit = CRITERION_UNITS.find((u) => u.id === id);
  if (!unit) throw new RangeError(`no criterion ${id}`);
  return unit;
}

/** Whether criterion `id` reads the training data (its gradients or its calibration inputs). */
export function needsTrainingData(id: Criterion): boolean {
  return criterionUnit(id).needs !== 'weights';
}
