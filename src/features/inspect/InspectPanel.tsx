// "4 · Inspect": the confusion matrix of the model on screen (the test set), and for
// LeNet-5, draw-a-digit with the dense and the pruned model side by side.

import type { ModelInfo } from '../../core/models/catalog';
import type { ModelView } from '../../core/prune/view';
import type { ConfusionCounts, DigitPrediction } from '../../protocol/results';
import { ConfusionMatrix } from './ConfusionMatrix';
import { DrawDigit } from './DrawDigit';

interface Props {
  readonly info: ModelInfo;
  readonly view: ModelView | null;
  readonly confusion: ConfusionCounts | null;
  readonly digit: DigitPrediction | null;
  readonly onDraw: (pixels: Float32Array) => void;
}

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const SENTIMENTS = ['negative', 'positive'];

export function InspectPanel({ info, view, confusion, digit, onDraw }: Props) {
  const stale = confusion !== null && confusion.viewSeq !== view?.seq;
  return (
    <div className={info.id === 'lenet5' ? 'inspect inspect-grid' : 'inspect'}>
      <div>
        <h3>Confusion matrix of the current model</h3>
        <ConfusionMatrix confusion={confusion} labels={info.id === 'lenet5' ? DIGITS : SENTIMENTS} stale={stale} />
      </div>
      {info.id === 'lenet5' && (
        <div>
          <h3>Draw a digit</h3>
          <DrawDigit enabled={view !== null} digit={digit} sparsity={view?.selected.sparsity ?? null} modelVersion={view?.seq ?? null} onDraw={onDraw} />
        </div>
      )}
    </div>
  );
}
