// "Deep Compression": runs Han et al.'s three stages on the model on screen in the worker
// (prune → trained quantization → Huffman coding), shows each stage's bytes, ratio and
// accuracy as they were measured (a table and, beside it, the bytes on a log scale),
// offers the compressed file, and loads such a file back (decoded in the worker and
// measured on the same test examples).

import { useEffect, useMemo, useReducer, useState } from 'react';
import type { LabPort } from '../../protocol/port';
import { compressReducer, INITIAL_COMPRESS, secondsLeft } from './compressState';
import { LayerTable, StageTable } from './CompressTables';
import { StageChart } from './StageChart';

interface Props {
  readonly port: LabPort;
  /** A trained model exists and nothing else runs. */
  readonly enabled: boolean;
  /** The paper's recipe exists for this model (LeNet-5, LeNet-300-100). */
  readonly hasRecipe: boolean;
  readonly modelId: string;
}

const message = (e: unknown) => (e instanceof Error ? (e.name === 'AbortError' ? 'Stopped.' : e.message) : String(e));

export function CompressPanel({ port, enabled, hasRecipe, modelId }: Props) {
  const [state, dispatch] = useReducer(compressReducer, INITIAL_COMPRESS);
  const [mode, setMode] = useState<'paper' | 'current'>(hasRecipe ? 'paper' : 'current');
  const [rounds, setRounds] = useState(3);
  const [epochs, setEpochs] = useState(1);
  const prune = hasRecipe ? mode : 'current';

  useEffect(
    () =>
      port.subscribe((e) => {
        if (e.type === 'compressProgress') dispatch({ type: 'progress', progress: e });
      }),
    [port],
  );

  const download = useMemo(() => (state.result ? URL.createObjectURL(new Blob([state.result.file], { type: 'application/octet-stream' })) : null), [state.result]);
  useEffect(() => () => void (download && URL.revokeObjectURL(download)), [download]);

  const run = () => {
    dispatch({ type: 'start' });
    port.call('compress', { prune, rounds, retrainEpochs: epochs, finetuneEpochs: epochs }).then(
      (result) => dispatch({ type: 'done', result }),
      (e: unknown) => dispatch({ type: 'failed', message: message(e) }),
    );
  };
  const load = async (file: File | undefined) => {
    if (!file) return;
    try {
      const data = await file.arrayBuffer();
      dispatch({ type: 'loaded', loaded: await port.call('loadCompressed', { data }, { transfer: [data] }) });
    } catch (e) {
      dispatch({ type: 'loadFailed', message: message(e) });
    }
  };

  const p = state.progress;
  const left = p ? secondsLeft(p) : null;
  const on = enabled && !state.running;
  return (
    <div className="compress">
      <p className="hint">
        Han, Mao and Dally's Deep Compression: prune, share weights through a k-means codebook per layer (then fine-tune the shared values), and Huffman-code the codes and the
        positions of the kept weights. Every byte is counted: codebooks, index arrays, Huffman tables, float32 biases, headers and a checksum.
      </p>
      <div className="buttons">
        <label>
          Start from{' '}
          <select data-testid="compress-mode" value={prune} disabled={!on || !hasRecipe} onChange={(e) => setMode(e.target.value === 'paper' ? 'paper' : 'current')}>
            {hasRecipe && <option value="paper">the paper's per-layer pruning (prune → retrain rounds)</option>}
            <option value="current">the model on screen (its own zeros)</option>
          </select>
        </label>
        {prune === 'paper' && (
          <label>
            Rounds <input type="number" data-testid="compress-rounds" min={1} max={10} value={rounds} disabled={!on} onChange={(e) => setRounds(Math.max(1, Math.min(10, Number(e.target.value) || 1)))} />
          </label>
        )}
        <label>
          Epochs per phase <input type="number" data-testid="compress-epochs" min={0} max={10} value={epochs} disabled={!on} onChange={(e) => setEpochs(Math.max(0, Math.min(10, Number(e.target.value) || 0)))} />
        </label>
        <button type="button" data-testid="compress-run" disabled={!on} onClick={run}>
          Compress
        </button>
        {state.running && (
          <button type="button" data-testid="compress-stop" onClick={() => port.stop()}>
            Stop
          </button>
        )}
      </div>
      {state.running && (
        <p data-testid="compress-progress" role="status">
          {p ? `${p.stage}: step ${p.done.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')}, ${p.elapsedSec.toFixed(0)} s` : 'starting'}
          {left !== null && `, about ${Math.ceil(left)} s left`}
        </p>
      )}
      {state.error && (
        <p className="error" data-testid="compress-error" role="alert">
          {state.error}
        </p>
      )}
      {state.result && (
        <>
          <div className="compress-results">
            <StageTable stages={state.result.stages} denseBytes={state.result.denseBytes} />
            <StageChart stages={state.result.stages} denseBytes={state.result.denseBytes} />
          </div>
          <p className="hint">
            Whole run {state.result.seconds.toFixed(1)} s. Decoding the file gives the fine-tuned quantized weights {state.result.bitIdentical ? 'bit for bit' : 'NOT bit for bit'}.
          </p>
          <LayerTable layers={state.result.layers} />
          {download && (
            <a data-testid="compressed-download" href={download} download={`${modelId}.plc`}>
              Download the compressed model ({state.result.file.byteLength.toLocaleString('en-US')} bytes)
            </a>
          )}
        </>
      )}
      <div className="buttons">
        <label>
          Load a compressed model (.plc) <input type="file" data-testid="compressed-load" accept=".plc" disabled={!on} onChange={(e) => void load(e.target.files?.[0])} />
        </label>
        {state.loaded && (
          <span data-testid="compressed-load-status">
            Decoded {state.loaded.bytes.toLocaleString('en-US')} bytes: test accuracy {(state.loaded.accuracy * 100).toFixed(2)}% ({state.loaded.correct.toLocaleString('en-US')}/{state.loaded.count.toLocaleString('en-US')})
          </span>
        )}
      </div>
    </div>
  );
}
