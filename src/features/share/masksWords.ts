// What the page says about an imported masks.json: that it agrees with the weights' zeros, or
// how many weights it keeps that are zero (allowed, but then the masks and the zeros disagree
// about what is pruned, and the sparsity on screen counts the zeros).

import { formatCount } from '../../kit/format';
import type { MasksAgreement } from '../../protocol/results';

const layers = (n: number) => `${n} layer${n === 1 ? '' : 's'} checked`;

/** "; its masks.json agrees with the weights' zeros (3 layers checked)", or how they disagree; '' without masks.json. */
export function masksWords(m: MasksAgreement): string {
  if (m.masksChecked === 0) return '';
  if (m.masksKeptZeros === 0) return `; its masks.json agrees with the weights' zeros (${layers(m.masksChecked)})`;
  return (
    `; its masks.json and the weights' zeros disagree about what is pruned: the masks keep ${formatCount(m.masksKeptZeros)} of their ` +
    `${formatCount(m.masksKept)} kept weights at zero (${layers(m.masksChecked)}), and the sparsity shown counts those zeros as pruned`
  );
}
