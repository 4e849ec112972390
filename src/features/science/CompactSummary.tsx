// Dense vs compact model after channel pruning: parameters, bytes, kernel shapes, measured
// inference speed, and the proof that the smaller model computes what the masked one does
// (max |Δ output| over real test inputs, checked against 1e-5).

import type { CompactSummary as Summary } from '../../core/results/compact';

/** Largest output difference accepted as "the same outputs" (float32 rounding). */
export const OUTPUT_TOLERANCE = 1e-5;

const fmt = (n: number) => n.toLocaleString('en-US');
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const shapes = (s: Readonly<Record<string, readonly number[]>>) =>
  Object.entries(s)
    .map(([layer, shape]) => `${layer} ${shape.join('×')}`)
    .join(', ');

/** `unit`: what one example is, e.g. images or reviews. */
export function CompactSummary({ summary, unit }: { summary: Summary; unit: string }) {
  const { dense, compact, denseSpeed, compactSpeed, maxDiff, diffExamples } = summary;
  const equal = maxDiff <= OUTPUT_TOLERANCE;
  const speedup = denseSpeed.medianMs > 0 && compactSpeed.medianMs > 0 ? denseSpeed.medianMs / compactSpeed.medianMs : NaN;
  return (
    <div
      className="compact-summary compare"
      data-testid="compact-summary"
      data-dense-params={dense.params}
      data-compact-params={compact.params}
      data-max-diff={maxDiff}
      data-dense-ips={denseSpeed.imagesPerSec}
      data-compact-ips={compactSpeed.imagesPerSec}
    >
      <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th />
            <th>full-size (masked)</th>
            <th>compact</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th>Parameters</th>
            <td className="num">{fmt(dense.params)}</td>
            <td className="num">
              {fmt(compact.params)} ({((compact.params / dense.params) * 100).toFixed(1)}%)
            </td>
          </tr>
          <tr>
            <th>Bytes (float32)</th>
            <td className="num">{kib(dense.bytes)}</td>
            <td className="num">{kib(compact.bytes)}</td>
          </tr>
          <tr>
            <th>Kernels</th>
            <td>{shapes(dense.kernelShapes)}</td>
            <td>{shapes(compact.kernelShapes)}</td>
          </tr>
          <tr>
            <th>Inference (median of {denseSpeed.repeats})</th>
            <td className="num" data-timing="">
              {fmt(Math.round(denseSpeed.imagesPerSec))} {unit}/s · {denseSpeed.msPerBatch.toFixed(1)} ms per {denseSpeed.batchSize}
            </td>
            <td className="num" data-timing="">
              {fmt(Math.round(compactSpeed.imagesPerSec))} {unit}/s · {compactSpeed.msPerBatch.toFixed(1)} ms per {compactSpeed.batchSize}
              {Number.isFinite(speedup) && ` (${speedup.toFixed(2)}×)`}
            </td>
          </tr>
        </tbody>
      </table>
      </div>
      <p className={equal ? 'check ok' : 'check bad'} data-testid="compact-check">
        max |Δ output| compact vs masked on {fmt(diffExamples)} test inputs: {maxDiff.toExponential(2)} —{' '}
        {equal ? `outputs equal within ${OUTPUT_TOLERANCE.toExponential(0)} ✓` : `larger than ${OUTPUT_TOLERANCE.toExponential(0)} ✗`}
      </p>
      <p className="hint">
        Channels kept: {summary.channels.map((c) => `${c.layer} ${c.kept}/${c.total}`).join(', ')}. Removing whole channels
        shrinks the tensors themselves: the compact model computes less on any backend, unlike scattered zeros.
      </p>
    </div>
  );
}
