// The words next to the method controls: what each criterion, structure and schedule does,
// in one line and a formula, and a colour tone per criterion so every chart draws the same
// criterion in the same colour. A criterion's words and tone live in its unit
// (core/criteria/); this module only presents them beside the others.

import type { Criterion, Schedule, Structure } from '../core/method';
import { criterionUnit, CRITERION_UNITS } from '../core/criteria';

export interface Explained {
  readonly label: string;
  /** Shown next to the label, e.g. |w|. */
  readonly formula: string;
  readonly help: string;
}

/** Each criterion's words, from its unit (core/criteria/). */
export const CRITERION_TEXT: Readonly<Record<Criterion, Explained>> = Object.fromEntries(
  CRITERION_UNITS.map((u): [Criterion, Explained] => [u.id, { label: u.label, formula: u.formula, help: u.help }]),
) as Record<Criterion, Explained>;

/** A criterion named with its formula, e.g. "magnitude |w|" (the method summary). */
export const criterionWords = (c: Criterion): string => `${CRITERION_TEXT[c].label} ${CRITERION_TEXT[c].formula}`;

export const STRUCTURE_TEXT: Readonly<Record<Structure, Explained>> = {
  weights: {
    label: 'single weights',
    formula: 'unstructured',
    help: 'Zeros anywhere: the model keeps its shape, so it saves storage, not time.',
  },
  channels: {
    label: 'whole channels',
    formula: 'filters / neurons',
    help: 'Whole conv filters and dense neurons, scored by the criterion summed over each; the output layer keeps its classes. Compact builds the genuinely smaller model.',
  },
  nm: {
    label: 'N:M semi-structured',
    formula: 'N of every M',
    help: 'In every group of M consecutive weights along the input, keep the N most important (2:4 is what NVIDIA sparse tensor cores run). Browsers have no N:M kernels, so here it saves storage (values + indices), not time.',
  },
};

export const SCHEDULE_TEXT: Readonly<Record<Schedule, Explained>> = {
  oneshot: {
    label: 'one-shot',
    formula: 'slider',
    help: 'Prune once with the slider; fine-tune if you like.',
  },
  iterative: {
    label: 'iterative',
    formula: 'prune p of what remains → fine-tune, repeat',
    help: 'Han et al. 2015: reaches the slider’s sparsity in rounds, fine-tuning after each.',
  },
  agp: {
    label: 'gradual (AGP)',
    formula: 's_t = s_f (1 − (1 − t/T)³)',
    help: 'Zhu & Gupta 2017: trains from the current checkpoint while the sparsity rises to the slider’s value.',
  },
  lottery: {
    label: 'lottery ticket',
    formula: 'prune → rewind survivors to init → retrain',
    help: 'Frankle & Carbin 2019: the pruned net rewound to its initial weights, against the same masks from a fresh random start.',
  },
};

/** Colour tone (CSS --tone-N, class tone-N) of each criterion on every chart, from its unit. */
export const criterionTone = (c: Criterion): number => criterionUnit(c).tone;

/** The same colour as a CSS value, for charts that take a colour rather than a class. */
export const criterionColour = (c: Criterion): string => `var(--tone-${criterionTone(c)})`;
