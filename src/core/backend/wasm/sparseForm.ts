// The sparse form of a pruned layer's weights (CSR over the kept weights, one row per output
// channel) in the kernels' memory, the rule that says when a layer runs sparse, and the cache
// that keeps each weight tensor's form while the tensor lives.
//
// Why this file exists: a layer's weights change only when the mask or the weights do (a slider
// move, a training step), and each change gives the weights a new tfjs data id. Forms are keyed
// by that id, so a changed layer can never be multiplied with a stale form. A form is built only
// once a tensor's data has run on more images than the slider's quick estimate holds (dense
// until then): inference over a test set reuses the same weights batch after batch and pays for
// the form once, the quick estimate after a slider move never pays for it (it stays on the dense
// kernels, off the slider's critical path), and training (new weights every step) never does:
// a fine-tune with held masks uses its own index structures, built once per mask (heldSparsity.ts).
import type { KernelRuntime } from './kernels/runtime';

/** A layer runs sparse at or below this density (kept fraction); see docs/results/bench.md for the measured break-even. */
export const SPARSE_MAX_DENSITY = 0.4;
/**
 * Products summed per output below which a layer stays off the batch-lanes kernel: that path moves
 * the layer's input and output between layouts, which costs more than the zeros save when each
 * output sums few products (LeNet-5's conv1: 25 products, 0.3–0.8× at any density in the
 * micro-bench; conv1 takes the one-channel kernel instead).
 */
export const SPARSE_MIN_DEPTH = 100;
/** Below this many images a batch stays off the batch-lanes kernel (few lanes of each vector would be used); tfjs's predict runs batches of 32. */
export const SPARSE_MIN_BATCH = 32;

/**
 * Images a weight tensor runs on (densely) before its sparse form is built: more than the slider's
 * quick estimate (500 test images), so a move's estimate never builds a form, and a full test
 * set after it (the same weights) builds it within its first batches.
 */
export const SPARSE_BUILD_AFTER_IMAGES = 512;

/** Calls on `images` images each that a timing runs before it measures, so every sparse layer's form exists. */
export function sparseWarmupCalls(images: number): number {
  return Math.ceil(SPARSE_BUILD_AFTER_IMAGES / Math.max(1, images)) + 1;
}

/**
 * A one-channel conv (sp1_fwd: no layout copies, see kernels/gen/sparseConv1Driver.ts) runs sparse
 * at or below this density; see docs/results/bench.md for the measured break-even.
 */
export const SPARSE_MAX_DENSITY_ONE_CHANNEL = 0.5;

/** The sparse kernels: batch in the lanes (any conv or dense layer), or the direct one-channel conv. */
export type SparseKernel = 'lanes' | 'oneChannel';

/** True for a conv the one-channel kernels (dense conv1_fwd, sparse sp1_fwd) take. */
export function takesOneChannelKernel(cin: number, strideH: number, strideW: number, outWidth: number, cout: number): boolean {
  return cin === 1 && strideH === 1 && strideW === 1 && outWidth % 4 === 0 && cout % 4 === 0;
}

/**
 * True when a layer of this density (kept / all weights), summing `depth` products per output, runs
 * on the sparse `kernel` (in batches of `batch` images, once its form is built): the one rule.
 */
export function runsSparse(density: number, depth: number, kernel: SparseKernel = 'lanes', batch = SPARSE_MIN_BATCH): boolean {
  if (kernel === 'oneChannel') return density <= SPARSE_MAX_DENSITY_ONE_CHANNEL;
  return density <= SPARSE_MAX_DENSITY && depth >= SPARSE_MIN_DEPTH && batchFits(kernel, batch);
}

/** The batch-lanes kernel needs SPARSE_MIN_BATCH images; the one-channel conv takes any batch. */
function batchFits(kernel: SparseKernel, batch: number): boolean {
  return kernel === 'oneChannel' || batch >= SPARSE_MIN_BATCH;
}

/** Filter geometry: [kh, kw, cin, cout] (a dense layer's [K, N] is [1, 1, K, N]). */
export type FilterShape = readonly [number, number, number, number];

/** CSR of the kept weights of an HWIO filter, rows = output channels, entries in ascending (fy, fx, ci). */
export interface SparseCsr {
  readonly cout: number;
  /** Row starts, cout + 1 entries. */
  readonly rows: Int32Array;
  /** Each entry's flattened (fy·kw + fx)·cin + ci. */
  readonly taps: Int32Array;
  readonly vals: Float32Array;
}

/** The kept (nonzero) weights of `w` (HWIO, row-major) by output channel. */
export function csrOf(w: Float32Array, shape: FilterShape): SparseCsr {
  const cout = shape[3];
  const k = shape[0] * shape[1] * shape[2];
  const rows = new Int32Array(cout + 1);
  for (let t = 0; t < k; t++) for (let co = 0; co < cout; co++) if (w[t * cout + co] !== 0) rows[co + 1]++;
  for (let co = 0; co < cout; co++) rows[co + 1] += rows[co];
  const nnz = rows[cout];
  const taps = new Int32Array(nnz);
  const vals = new Float32Array(nnz);
  const next = rows.slice(0, cout);
  for (let t = 0; t < k; t++) {
    for (let co = 0; co < cout; co++) {
      const v = w[t * cout + co];
      if (v !== 0) {
        const at = next[co]++;
        taps[at] = t;
        vals[at] = v;
      }
    }
  }
  return { cout, rows, taps, vals };
}

/** Nonzero weights of `w`. */
export function countNonzero(w: Float32Array): number {
  let n = 0;
  for (let i = 0; i < w.length; i++) if (w[i] !== 0) n++;
  return n;
}

/** A CSR in the kernels' memory; `offs` holds byte offsets for the input layout of `layoutKey`. */
export class SparseForm {
  readonly rows: number;
  readonly offs: number;
  readonly vals: number;
  private layoutKey = '';
  private freed = false;

  constructor(
    readonly rt: KernelRuntime,
    readonly csr: SparseCsr,
    readonly shape: FilterShape,
  ) {
    const nnz = csr.vals.length;
    this.rows = rt.malloc(4 * (csr.cout + 1));
    this.offs = rt.malloc(4 * Math.max(1, nnz));
    this.vals = rt.malloc(4 * Math.max(1, nnz));
    new Int32Array(rt.memory.buffer, this.rows, csr.cout + 1).set(csr.rows);
    rt.f32(this.vals, nnz).set(csr.vals);
  }

  get bytes(): number {
    return 4 * (this.csr.cout + 1 + 2 * this.csr.vals.length);
  }

  get live(): boolean {
    return !this.freed;
  }

  /** Writes each entry's byte offset into an input laid out [rows, wp, cin, np] (see ownSparse.ts); np 0: a one-channel NHWC image with rows of wp pixels (sp1_fwd). */
  useLayout(wp: number, np: number): void {
    const key = `${wp}:${np}`;
    if (key === this.layoutKey) return;
    const [, kw, cin] = this.shape;
    const offs = new Int32Array(this.rt.memory.buffer, this.offs, this.csr.taps.length);
    const taps = this.csr.taps;
    for (let i = 0; i < taps.length; i++) {
      const ci = taps[i] % cin;
      const f = (taps[i] - ci) / cin;
      const fx = f % kw;
      const fy = (f - fx) / kw;
      offs[i] = 4 * Math.max(1, np) * ((fy * wp + fx) * cin + ci);
    }
    this.layoutKey = key;
  }

  free(): void {
    if (this.freed) return;
    this.freed = true;
    this.rt.free(this.rows);
    this.rt.free(this.offs);
    this.rt.free(this.vals);
  }
}

/** What is known of a weight tensor's data: images it ran on so far, runs dense, or its sparse form. */
type Entry = number | 'dense' | SparseForm;

const entries = new WeakMap<object, Entry>();
const live: SparseForm[] = [];
/** Forms kept at most (oldest freed first): a few models' layers. */
const MAX_FORMS = 32;
let enabled = true;

/** Turns the sparse kernels on or off (off: every layer runs dense; the bench and the speed readout compare both). */
export function setSparseKernelsEnabled(on: boolean): void {
  enabled = on;
}

export function sparseKernelsEnabled(): boolean {
  return enabled;
}

/**
 * The sparse form for the weights stored under `dataId` (read from `weights()` when first needed)
 * for a call on `images` images, or null: the layer runs dense (disabled, small batch, weights not
 * yet used on SPARSE_BUILD_AFTER_IMAGES images, too dense).
 */
export function sparseFormFor(rt: KernelRuntime, dataId: object, shape: FilterShape, images: number, weights: () => Float32Array, kernel: SparseKernel = 'lanes'): SparseForm | null {
  if (!enabled) return null;
  const e = entries.get(dataId);
  if (e === 'dense') return null;
  const batchOk = batchFits(kernel, images);
  if (e instanceof SparseForm && e.live && e.rt === rt) return batchOk ? e : null;
  // A form freed (cache full, backend switch) is rebuilt at once: its weights were used enough.
  const seen = typeof e === 'number' ? e : e === undefined ? 0 : Infinity;
  if (seen < SPARSE_BUILD_AFTER_IMAGES) {
    entries.set(dataId, seen + images);
    return null;
  }
  if (!batchOk) return null;
  const depth = shape[0] * shape[1] * shape[2];
  if (!runsSparse(0, depth, kernel)) {
    entries.set(dataId, 'dense');
    return null;
  }
  const w = weights();
  if (!runsSparse(countNonzero(w) / Math.max(1, w.length), depth, kernel)) {
    entries.set(dataId, 'dense');
    return null;
  }
  const form = new SparseForm(rt, csrOf(w, shape), shape);
  live.push(form);
  while (live.length > MAX_FORMS) live.shift()?.free();
  entries.set(dataId, form);
  return form;
}

/** Frees every cached form (tests; a backend switch). */
export function releaseSparseForms(): void {
  for (const f of live) f.free();
  live.length = 0;
}
