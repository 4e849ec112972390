// The words next to the method controls: what each criterion, structure and schedule does,
// in one line and a formula, and a colour tone per criterion so every chart draws the same
// criterion in the same colour.

import type { Criterion, Schedule, Structure } from '../core/method';

export interface Explained {
  readonly label: string;
  /** Shown next to the label, e.g. |w|. */
  readonly formula: string;
  readonly help: string;
}

export const CRITERION_TEXT: Readonly<Record<Criterion, Explained>> = {
  magnitude: {
    label: 'magnitude',
    formula: '|w|',
    help: 'Small weights matter least (Han et al. 2015; the tutorial’s L1 criterion).',
  },
  taylor: {
    label: 'Taylor',
    formula: '|w · ∂L/∂w|',
    help: 'First-order estimate of the loss change when a weight is removed, averaged over 8 training batches.',
  },
  fisher: {
    label: 'Fisher (OBD)',
    formula: '½ · h · w²,  h ≈ mean (∂L/∂w)²',
    help: 'Optimal Brain Damage saliency; the Hessian diagonal h is approximated by squared mini-batch gradients, the mean of (∂L/∂w)² over 8 training batches of 64 (the empirical Fisher proper would square each example’s gradient).',
  },
  random: {
    label: 'random',
    formula: 'u ~ U(0, 1], seeded',
    help: 'The honest baseline: any criterion worth its cost must beat it.',
  },
};

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

/** Colour tone (CSS class tone-N) of each criterion on the charts. */
export const CRITERION_TONE: Readonly<Record<Criterion, number>> = { magnitude: 0, taylor: 1, fisher: 2, random: 3 };
