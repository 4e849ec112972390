// The kept positions of a held mask by filter tap (fy, fx, ci), output channels ascending, for a
// convolution's input gradient on the held kernels (the sp_dxc driver).
//
// Why this file exists: the dense input gradient sums, for each output pixel and filter tap, the
// products over the output channels in ascending order and adds that sum into dx; the held one
// takes the same sums over the kept channels only (a pruned channel adds an exact zero), so it
// needs the kept channels of each tap and their weights, gathered at each step.
import type { KernelRuntime } from './kernels/runtime';
import type { FilterShape } from './sparseForm';

export class TapRows {
  /** i32 row starts, taps + 1 (taps = kh·kw·cin). */
  readonly rows: number;
  /** i32 output channel of each entry. */
  readonly cos: number;
  /** f32 weight of each entry (see `gather`). */
  readonly vals: number;
  private readonly src: Int32Array;

  constructor(
    private readonly rt: KernelRuntime,
    mask: Uint8Array,
    shape: FilterShape,
  ) {
    const [kh, kw, cin, cout] = shape;
    const taps = kh * kw * cin;
    const rows = new Int32Array(taps + 1);
    const src: number[] = [];
    for (let t = 0; t < taps; t++) {
      for (let co = 0; co < cout; co++) if (mask[t * cout + co]) src.push(t * cout + co);
      rows[t + 1] = src.length;
    }
    this.src = Int32Array.from(src);
    this.rows = rt.malloc(4 * rows.length);
    new Int32Array(rt.memory.buffer, this.rows, rows.length).set(rows);
    this.cos = rt.malloc(4 * Math.max(1, src.length));
    new Int32Array(rt.memory.buffer, this.cos, src.length).set(this.src.map((at) => at % cout));
    this.vals = rt.malloc(4 * Math.max(1, src.length));
  }

  /** Gathers the kept weights from the filter at byte offset `w`. */
  gather(w: number): void {
    const heap = new Float32Array(this.rt.memory.buffer);
    const vals = new Float32Array(this.rt.memory.buffer, this.vals, this.src.length);
    const base = w >> 2;
    for (let i = 0; i < this.src.length; i++) vals[i] = heap[base + this.src[i]];
  }

  free(): void {
    this.rt.free(this.rows);
    this.rt.free(this.cos);
    this.rt.free(this.vals);
  }
}
