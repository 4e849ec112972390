// "4 · Inspect": the confusion matrix of the model on screen (the test set), and for an
// image model, draw-a-digit with the dense and the pruned model side by side.

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

export function InspectPanel({ info, view, confusion, digit, onDraw }: Props) {
  const stale = confusion !== null && confusion.viewSeq !== view?.seq;
  const image = info.input.kind === 'image';
  return (
    <div className={image ? 'inspect inspect-grid' : 'inspect'}>
      <div>
        <h3>Confusion matrix of the current model</h3>
        <ConfusionMatrix confusion={confusion} labels={info.output.labels} stale={stale} />
      </div>
      {image && (
        <div>
          <h3>Draw a digit</h3>
          <DrawDigit enabled={view !== null} digit={digit} sparsity={view?.selected.sparsity ?? null} modelVersion={view?.seq ?? null} onDraw={onDraw} />
        </div>
      )}
    </div>
  );
}
