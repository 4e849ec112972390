// "4 · Inspect": the current model's confusion matrix on the test set and, for LeNet-5,
// draw-a-digit with the dense and the pruned model side by side.

import type { ModelInfo } from '../../core/models/catalog';
import type { LabState } from '../../shell/labState';
import { isStale } from '../prune/pruneState';
import { ConfusionMatrix } from './ConfusionMatrix';
import { DrawDigit } from './DrawDigit';

interface Props {
  readonly state: LabState;
  readonly info: ModelInfo;
  readonly onDraw: (pixels: Float32Array) => void;
}

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const SENTIMENTS = ['negative', 'positive'];

export function InspectPanel({ state, info, onDraw }: Props) {
  const { confusion, digit } = state.tools;
  const trained = state.prune.checkpoints.length > 0;
  const stale = confusion !== null && isStale(confusion.id, state.prune.requestedId);
  return (
    <div className={info.id === 'lenet5' ? 'inspect inspect-grid' : 'inspect'}>
      <div>
        <h3>Confusion matrix of the current model</h3>
        <ConfusionMatrix confusion={confusion} labels={info.id === 'lenet5' ? DIGITS : SENTIMENTS} stale={stale} />
      </div>
      {info.id === 'lenet5' && (
        <div>
          <h3>Draw a digit</h3>
          <DrawDigit
            enabled={trained}
            digit={digit}
            sparsity={state.prune.stats?.sparsity ?? null}
            modelVersion={state.prune.stats}
            onDraw={onDraw}
          />
        </div>
      )}
    </div>
  );
}
