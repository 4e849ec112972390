// The guided tour's story, step by step: train → look at the weights → prune 50 % → 90 % →
// 99 % → fine-tune → compare sizes. Plain words, one formula where it helps, which panel to
// highlight (found by a selector, then widened to an enclosing element), the setting each
// pruning step puts on screen (so what it says is what the page shows), and the readouts it
// asks you to read, which are kept on screen and clear of the tour's popover.

import type { PruneMethod } from '../../core/method';

export interface TourTarget {
  /** Finds the element... */
  readonly selector: string;
  /** ...then highlights its nearest ancestor matching this selector (itself if it matches). */
  readonly closest?: string;
}

export interface StepWords {
  readonly text: string;
  readonly reads: readonly string[];
}

export interface TourStep {
  readonly title: string;
  /** What to do and what to notice, in plain words. */
  readonly text: string;
  readonly formula?: string;
  readonly target: TourTarget;
  /** The method the step sets when it opens (once the model is trained). */
  readonly method?: Partial<Pick<PruneMethod, 'rate' | 'scope' | 'cap'>>;
  /** The readouts the step asks you to read (selectors): kept on screen and clear of the popover. */
  readonly reads: readonly string[];
  /** What else the step talks about (selectors), kept on screen too where the screen has room. */
  readonly alsoShows?: readonly string[];
  /** The step's words and readouts once a model is trained: `shipped` on the trained start, `live` after training here. */
  readonly whenTrained?: { readonly shipped: StepWords; readonly live: StepWords };
  /** A button the step offers. */
  readonly action?: 'train' | 'finetune';
  /** Whether the step only makes sense once a model is trained. */
  readonly needsTrained: boolean;
}

const PRUNE_PANEL: TourTarget = { selector: '[data-testid="prune-slider"]', closest: '.prune-panel' };
const tid = (id: string) => `[data-testid="${id}"]`;
const SLIDER = tid('prune-slider');
const READOUTS = [tid('sparsity-total'), tid('test-accuracy')];
const BARS = tid('layer-sparsity-chart');

export const TOUR_STEPS: readonly TourStep[] = [
  {
    title: 'Train the network',
    text:
      'Press Train. The network learns from real examples right here in your browser; watch the loss fall and the accuracy climb. When it finishes, the Result panel shows how many test examples the dense (unpruned) network gets right.',
    target: { selector: '[data-testid="train-button"]', closest: '.panel' },
    reads: [tid('train-button')],
    whenTrained: {
      shipped: {
        text: 'This network came trained: the card below its Train button says how (optimiser, epochs, examples) and shows its test accuracy after each epoch. The Result panel shows how many test examples the dense (unpruned) network gets right. Press Train again to watch it learn from scratch: the loss falls and the accuracy climbs.',
        reads: [tid('shipped-story'), tid('dense-accuracy')],
      },
      live: {
        text: 'The network was trained on real examples right here in your browser: the charts show its test accuracy after each epoch. The Result panel shows how many test examples the dense (unpruned) network gets right.',
        reads: [tid('dense-accuracy')],
      },
    },
    action: 'train',
    needsTrained: false,
  },
  {
    title: 'Look at the weights',
    text:
      'Each histogram counts one layer’s weights by value. Most of them sit close to zero. Magnitude pruning assumes that a weight with a small absolute value matters little, so it scores every weight by its size.',
    formula: 'importance(w) = |w|   (the L1 magnitude)',
    target: { selector: '[data-testid="weight-histogram"]' },
    reads: [`${tid('weight-histogram')} figure`],
    needsTrained: true,
  },
  {
    title: 'Prune to 50 %',
    text:
      'The slider now removes half of every layer’s weights: the smallest ones are set to exactly zero. Compare “Test accuracy now” with the dense accuracy: it barely moves. Half the weights were doing almost nothing.',
    formula: 'sparsity = zero weights / all prunable weights = 50 %',
    target: PRUNE_PANEL,
    method: { rate: 0.5, scope: 'layer' },
    reads: [...READOUTS, tid('dense-reference')],
    alsoShows: [SLIDER],
    needsTrained: true,
  },
  {
    title: 'Prune to 90 %',
    text:
      'Nine weights in ten are gone, chosen by one threshold over all layers (global scope), with no layer allowed to lose more than 99 %. Accuracy holds up well: the big fc1 layer gives up most of its weights, the small conv layers keep more (look at the bars). Switch the scope to “per layer” and every layer must lose 90 %: the small conv layers break and accuracy falls.',
    formula: 'weights left = (1 − 0.9) × total',
    target: PRUNE_PANEL,
    method: { rate: 0.9, scope: 'global', cap: 0.99 },
    reads: [...READOUTS, BARS],
    alsoShows: [SLIDER],
    needsTrained: true,
  },
  {
    title: 'Prune to 99 %',
    text:
      'Only one weight in a hundred is left (every layer at its 99 % cap), and accuracy collapses. The network has lost too much to recognise anything: for ten digit classes, guessing gives 10 %.',
    target: PRUNE_PANEL,
    method: { rate: 0.99, scope: 'global', cap: 0.99 },
    reads: [...READOUTS, BARS],
    alsoShows: [SLIDER],
    needsTrained: true,
  },
  {
    title: 'Fine-tune',
    text:
      'Fine-tuning trains the pruned network a little more. After every step the mask is applied again, so pruned weights stay exactly zero while the survivors adapt to do the work of the missing ones. At 99 % one epoch brings back part of the accuracy, far from all of it; at 90 % it comes back almost fully.',
    formula: 'w ← m ⊙ (w − η ∇L)   (m: 1 = kept, 0 = pruned)',
    target: { selector: '[data-testid="finetune-button"]', closest: '.buttons' },
    reads: [tid('finetune-button'), ...READOUTS],
    action: 'finetune',
    needsTrained: true,
  },
  {
    title: 'Compare the sizes',
    text:
      'Zeros inside a dense tensor still take 4 bytes each. To save space, store only the non-zero weights and where they are (a sparse format), or compress. The table compares them with the dense model. It is storage you save, not time: dense kernels still multiply the zeros.',
    formula: 'dense: 4 × n bytes;  bitmask + values: n / 8 + 4 × non-zeros bytes',
    target: { selector: '#compare-title', closest: '.panel' },
    reads: [`${tid('compare-panel')} .table-scroll`],
    needsTrained: true,
  },
];

/** What a step says and asks you to read, given whether a model is trained and whether it came shipped. */
export function stepWords(step: TourStep, trained: boolean, shipped: boolean): StepWords {
  if (!trained || !step.whenTrained) return { text: step.text, reads: step.reads };
  return shipped ? step.whenTrained.shipped : step.whenTrained.live;
}

/** The element a step highlights, or null when it is not on the page. */
export function findTourTarget(root: ParentNode, target: TourTarget): HTMLElement | null {
  const found = root.querySelector<HTMLElement>(target.selector);
  if (!found) return null;
  return target.closest ? found.closest<HTMLElement>(target.closest) : found;
}
