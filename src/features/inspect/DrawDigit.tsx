// Draw a digit (mouse, touch or pen) and see the dense and the pruned LeNet-5 predict it
// side by side, top-3 with bars, about ten times a second while drawing. The drawing is
// turned into an MNIST-style input here (pure code, src/core/inspect/digitImage) and sent
// to the worker as plain floats.

import { useCallback, useEffect, useRef, useState, type PointerEvent } from 'react';
import { digitInput, DIGIT_SIZE } from '../../core/inspect/digitImage';
import type { ClassProbability } from '../../core/inspect/topClasses';
import type { DigitPrediction } from '../../protocol/results';

export const CANVAS_SIZE = 280;
/** At most one prediction per this many ms while drawing (~10/s). */
export const DRAW_THROTTLE_MS = 100;
const LINE_WIDTH = 20;

interface Props {
  readonly enabled: boolean;
  readonly digit: DigitPrediction | null;
  /** Pruning of the current model, for the label. */
  readonly sparsity: number | null;
  /** Changes whenever the current model's weights change: the drawing is predicted again. */
  readonly modelVersion: unknown;
  readonly onDraw: (pixels: Float32Array) => void;
}

function Predictions({ title, items, testid }: { title: string; items: readonly ClassProbability[] | null; testid: string }) {
  return (
    <div className="draw-prediction" data-testid={testid}>
      <h4>{title}</h4>
      {items ? (
        <ol aria-label={`${title}: top 3`}>
          {items.map((c, i) => (
            <li key={c.digit} className={i === 0 ? 'top' : undefined}>
              <span className="digit">{c.digit}</span>
              <span className="bar" aria-hidden="true">
                <span style={{ width: `${(c.probability * 100).toFixed(1)}%` }} />
              </span>
              <span className="prob">{(c.probability * 100).toFixed(1)}%</span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="metric-help">Draw a digit.</p>
      )}
    </div>
  );
}

export function DrawDigit({ enabled, digit, sparsity, modelVersion, onDraw }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const preview = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [inked, setInked] = useState(false);

  const flush = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const ctx = canvas.current?.getContext('2d', { willReadFrequently: true });
    if (!ctx) return;
    const data = ctx.getImageData(0, 0, CANVAS_SIZE, CANVAS_SIZE).data;
    const input = digitInput({ pixels: data, width: CANVAS_SIZE, height: CANVAS_SIZE, stride: 4, offset: 3 });
    if (!input) return;
    const p = preview.current?.getContext('2d');
    if (p) {
      const img = p.createImageData(DIGIT_SIZE, DIGIT_SIZE);
      input.image.forEach((v, i) => {
        // Opaque grey levels, white ink on black: how MNIST digits look.
        img.data.fill(Math.round(v * 255), i * 4, i * 4 + 3);
        img.data[i * 4 + 3] = 255;
      });
      p.putImageData(img, 0, 0);
    }
    onDraw(input.normalised);
  }, [onDraw]);

  useEffect(() => {
    if (inked && enabled) flush();
  }, [modelVersion, inked, enabled, flush]);

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const point = (e: PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return [((e.clientX - r.left) * CANVAS_SIZE) / r.width, ((e.clientY - r.top) * CANVAS_SIZE) / r.height] as const;
  };

  const onDown = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!enabled) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    const ctx = e.currentTarget.getContext('2d', { willReadFrequently: true });
    if (!ctx) return;
    drawing.current = true;
    ctx.strokeStyle = ctx.fillStyle = getComputedStyle(e.currentTarget).color;
    ctx.lineWidth = LINE_WIDTH;
    ctx.lineCap = ctx.lineJoin = 'round';
    const [x, y] = point(e);
    ctx.beginPath();
    ctx.arc(x, y, LINE_WIDTH / 2, 0, 2 * Math.PI);
    ctx.fill();
    ctx.beginPath();
    ctx.moveTo(x, y);
    setInked(true);
  };

  const onMove = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    const ctx = e.currentTarget.getContext('2d', { willReadFrequently: true });
    if (!ctx) return;
    const [x, y] = point(e);
    ctx.lineTo(x, y);
    ctx.stroke();
    timer.current ??= setTimeout(flush, DRAW_THROTTLE_MS);
  };

  const onUp = () => {
    if (!drawing.current) return;
    drawing.current = false;
    flush();
  };

  const clear = () => {
    for (const c of [canvas.current, preview.current]) c?.getContext('2d')?.clearRect(0, 0, c.width, c.height);
    setInked(false);
  };

  const shown = inked ? digit : null;
  return (
    <div className="draw-digit">
      <div className="draw-pad">
        <canvas
          ref={canvas}
          data-testid="draw-canvas"
          width={CANVAS_SIZE}
          height={CANVAS_SIZE}
          className={enabled ? undefined : 'disabled'}
          aria-label="Drawing area: draw one digit, 0 to 9, with the mouse, a finger or a pen"
          role="img"
          onPointerDown={onDown}
          onPointerMove={onMove}
          onPointerUp={onUp}
          onPointerCancel={onUp}
        />
        <div className="draw-side">
          <button type="button" onClick={clear} disabled={!inked}>
            Clear
          </button>
          <figure>
            <canvas ref={preview} width={DIGIT_SIZE} height={DIGIT_SIZE} className="draw-preview" aria-hidden="true" />
            <figcaption className="metric-help">What the network sees: 28×28, centred like MNIST</figcaption>
          </figure>
        </div>
      </div>
      {!enabled && <p className="metric-help">Train (or import) the model first.</p>}
      <div className="draw-predictions">
        <Predictions title="Dense model" items={shown?.dense ?? null} testid="draw-prediction-dense" />
        <Predictions
          title={`Pruned model${sparsity === null ? '' : ` (${(sparsity * 100).toFixed(1)}% sparse)`}`}
          items={shown?.pruned ?? null}
          testid="draw-prediction-pruned"
        />
      </div>
    </div>
  );
}
