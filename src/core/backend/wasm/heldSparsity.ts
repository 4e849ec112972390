// The pruning masks a training run holds, as index structures the sparse training kernels use:
// which weights of a layer are kept never changes during the run, only their values do, so the
// CSR of the kept positions (forward order and transposed) is built once per mask set and each
// step only gathers the current values through it.
//
// Why this file exists: the kernels see tensors, not layers. A held mask set marks each new
// weight tensor (after every optimizer step the masks are re-applied, which gives the weights a
// new data id) with its layer's structure; the forward kernel then notes its input under that
// layer, which is how the weight-gradient kernel, which never sees the weights, finds the mask.
// Unmasked training marks nothing and runs exactly as before.
import type { KernelRuntime } from './kernels/runtime';
import { keptTiles } from './keptTiles';
import { TapRows } from './tapRows';
import { runsSparse, SparseForm, type FilterShape, type SparseCsr } from './sparseForm';

/** CSR of a mask's kept positions: rows, taps (ascending within a row) and each entry's flat index into the weights. */
export interface MaskCsr {
  readonly csr: SparseCsr;
  readonly src: Int32Array;
}

/**
 * The kept positions of an HWIO mask by output channel (`transposed` false, taps (fy, fx, ci)),
 * or by input channel over the spatially flipped filter (`transposed`: rows ci, taps
 * ((kh−1−fy)·kw + kw−1−fx)·cout + co, the filter of the input gradient's full correlation).
 */
export function maskCsr(mask: Uint8Array, shape: FilterShape, transposed: boolean): MaskCsr {
  const [kh, kw, cin, cout] = shape;
  const rowsN = transposed ? cin : cout;
  const rows = new Int32Array(rowsN + 1);
  const spatial = kh * kw;
  // Visits every position in ascending tap order per row, calling `f(row, tap, flat index)` for kept ones.
  const visit = (f: (row: number, tap: number, at: number) => void) => {
    if (!transposed) {
      for (let t = 0; t < spatial * cin; t++) for (let co = 0; co < cout; co++) if (mask[t * cout + co]) f(co, t, t * cout + co);
      return;
    }
    for (let s2 = 0; s2 < spatial; s2++) {
      const s = spatial - 1 - s2; // (kh−1−fy)·kw + (kw−1−fx) = kh·kw − 1 − (fy·kw + fx)
      for (let co = 0; co < cout; co++) for (let ci = 0; ci < cin; ci++) {
        const at = (s * cin + ci) * cout + co;
        if (mask[at]) f(ci, s2 * cout + co, at);
      }
    }
  };
  visit((r) => rows[r + 1]++);
  for (let r = 0; r < rowsN; r++) rows[r + 1] += rows[r];
  const nnz = rows[rowsN];
  const taps = new Int32Array(nnz);
  const src = new Int32Array(nnz);
  const next = rows.slice(0, rowsN);
  visit((r, tap, at) => {
    const i = next[r]++;
    taps[i] = tap;
    src[i] = at;
  });
  return { csr: { cout: rowsN, rows, taps, vals: new Float32Array(nnz) }, src };
}

/** For each row of `csr` (taps = spatial·width + channel), the start of each spatial tap's entries and the row's end: rows × (spatial + 1). */
export function tapGroups(csr: SparseCsr, spatial: number, width: number): Int32Array {
  const rowsN = csr.rows.length - 1;
  const out = new Int32Array(rowsN * (spatial + 1));
  for (let r = 0; r < rowsN; r++) {
    let i = csr.rows[r];
    for (let s = 0; s <= spatial; s++) {
      while (i < csr.rows[r + 1] && Math.floor(csr.taps[i] / width) < s) i++;
      out[r * (spatial + 1) + s] = i;
    }
  }
  return out;
}

/** One held layer's forms in one kernel runtime; values are refreshed from the weights when they change. */
export class Forms {
  readonly fwd: SparseForm;
  readonly bwd: SparseForm;
  /** The kept positions as tiles of four output channels (keptTiles.ts) for the weight gradient, and each task's first tile (0: cout < 4, none). */
  readonly tiles: number;
  readonly tileStarts: number;
  readonly tileTasks: number;
  /** Share of the dense weight gradient's vectors the tiles still sum (1: cout < 4). */
  readonly tileFraction: number;
  /** Per row of the transposed form, kh·kw + 1 starts of its entries by spatial tap (see the sp_dx driver). */
  readonly groups: number;
  /** The kept output channels of each tap (a convolution's input gradient). */
  readonly taps: TapRows;
  private fwdFrom: object | null = null;
  private bwdFrom: object | null = null;

  constructor(
    readonly rt: KernelRuntime,
    private readonly fwdCsr: MaskCsr,
    private readonly bwdCsr: MaskCsr,
    shape: FilterShape,
    mask: Uint8Array,
  ) {
    const [kh, kw, cin, cout] = shape;
    this.fwd = new SparseForm(rt, fwdCsr.csr, shape);
    this.bwd = new SparseForm(rt, bwdCsr.csr, [kh, kw, cout, cin]);
    const kept = cout >= 4 ? keptTiles(mask, shape) : { records: new Int32Array(0), starts: new Int32Array(0), fraction: 1 };
    this.tiles = rt.malloc(4 * Math.max(1, kept.records.length));
    new Int32Array(rt.memory.buffer, this.tiles, kept.records.length).set(kept.records);
    this.tileStarts = rt.malloc(4 * Math.max(1, kept.starts.length));
    new Int32Array(rt.memory.buffer, this.tileStarts, kept.starts.length).set(kept.starts);
    this.tileTasks = Math.max(0, kept.starts.length - 1);
    this.tileFraction = kept.fraction;
    this.taps = new TapRows(rt, mask, shape);
    const starts = tapGroups(bwdCsr.csr, kh * kw, cout);
    this.groups = rt.malloc(4 * starts.length);
    new Int32Array(rt.memory.buffer, this.groups, starts.length).set(starts);
  }

  /** Gathers the kept values of the weights stored under `dataId` at byte offset `w` into `which` form. */
  values(which: 'fwd' | 'bwd', dataId: object, w: number): SparseForm {
    const form = which === 'fwd' ? this.fwd : this.bwd;
    if ((which === 'fwd' ? this.fwdFrom : this.bwdFrom) === dataId) return form;
    const src = (which === 'fwd' ? this.fwdCsr : this.bwdCsr).src;
    const heap = new Float32Array(this.rt.memory.buffer);
    const vals = new Float32Array(this.rt.memory.buffer, form.vals, src.length);
    const base = w >> 2;
    for (let i = 0; i < src.length; i++) vals[i] = heap[base + src[i]];
    if (which === 'fwd') this.fwdFrom = dataId;
    else this.bwdFrom = dataId;
    return form;
  }

  free(): void {
    this.fwd.free();
    this.bwd.free();
    this.rt.free(this.tiles);
    this.rt.free(this.tileStarts);
    this.rt.free(this.groups);
    this.taps.free();
  }
}

/** A layer whose mask is held: its filter shape, whether it runs sparse, and its forms (built on first use). */
export class HeldLayer {
  /** True when the layer's density and depth pass the sparse rule (runsSparse). */
  readonly sparse: boolean;
  private forms: Forms | null = null;
  private disposed = false;

  constructor(
    readonly shape: FilterShape,
    private readonly mask: Uint8Array,
  ) {
    let kept = 0;
    for (let i = 0; i < mask.length; i++) if (mask[i]) kept++;
    this.sparse = runsSparse(kept / Math.max(1, mask.length), shape[0] * shape[1] * shape[2]);
  }

  get live(): boolean {
    return !this.disposed;
  }

  matches(shape: readonly number[]): boolean {
    return shape.length === 4 && shape.every((d, i) => d === this.shape[i]);
  }

  /** The forms in `rt` (built once per runtime). */
  formsIn(rt: KernelRuntime): Forms {
    if (this.forms?.rt !== rt) {
      this.forms?.free();
      this.forms = new Forms(rt, maskCsr(this.mask, this.shape, false), maskCsr(this.mask, this.shape, true), this.shape, this.mask);
    }
    return this.forms;
  }

  dispose(): void {
    this.disposed = true;
    this.forms?.free();
    this.forms = null;
  }
}

/** Weight data id → its held layer (marked after every mask application). */
const byWeight = new WeakMap<object, HeldLayer>();
/** A held forward's input data id → its layer ('ambiguous' when two layers of one shape read it). */
const byInput = new WeakMap<object, HeldLayer | 'ambiguous'>();
let enabled = true;

/** Turns the sparse training kernels on or off (off: masked training runs the dense kernels; the bench compares both). */
export function setSparseTrainingEnabled(on: boolean): void {
  enabled = on;
}

/** The held layer of the weights stored under `dataId`, if sparse training applies to them. */
export function heldWeight(dataId: object, shape: readonly number[]): HeldLayer | null {
  const layer = enabled ? byWeight.get(dataId) : undefined;
  return layer != null && layer.live && layer.sparse && layer.matches(shape) ? layer : null;
}

/** Notes that a held layer's forward read `dataId` (its weight gradient will read it again). */
export function noteInput(dataId: object, layer: HeldLayer): void {
  const seen = byInput.get(dataId);
  byInput.set(dataId, seen == null || seen === layer ? layer : 'ambiguous');
}

/** The held layer whose forward read `dataId` with this filter shape, if exactly one did. */
export function heldInput(dataId: object, shape: readonly number[]): HeldLayer | null {
  const layer = enabled ? byInput.get(dataId) : undefined;
  return layer != null && layer !== 'ambiguous' && layer.live && layer.sparse && layer.matches(shape) ? layer : null;
}

/** The masks of one training run: `mark` after each application, `dispose` at the end. */
export class HeldSparsity {
  /** One entry per weight: its held layer, or null (not a conv or dense kernel). */
  private readonly layers: (HeldLayer | null)[];

  /** `masks[i]` is the HWIO (or [K, N]) mask of a weight of shape `shapes[i]`; other ranks are skipped. */
  constructor(shapes: readonly (readonly number[])[], masks: readonly Uint8Array[]) {
    this.layers = shapes.map((s, i) => {
      const shape: FilterShape | null = s.length === 4 ? [s[0], s[1], s[2], s[3]] : s.length === 2 ? [1, 1, s[0], s[1]] : null;
      return shape && masks[i].length === shape[0] * shape[1] * shape[2] * shape[3] ? new HeldLayer(shape, masks[i]) : null;
    });
  }

  /** Marks the current data of each weight (same order as the constructor's shapes) with its layer. */
  mark(dataIds: readonly object[]): void {
    dataIds.forEach((id, i) => {
      const layer = this.layers[i];
      if (layer) byWeight.set(id, layer);
    });
  }

  dispose(): void {
    for (const l of this.layers) l?.dispose();
  }
}
