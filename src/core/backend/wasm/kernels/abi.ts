// The contract between the generated WebAssembly kernels (gen/) and the TypeScript that calls
// them: block sizes, epilogue modes, and each exported task function's argument list.
//
// Why this file exists: the generator lays out each driver's i32 argument block from these
// lists and the runtime writes the block from the same lists, so the two cannot drift apart.
// It holds constants only, so the app bundle does not pull in the generator.

/** Largest row block of the two micro-kernel families (MR·NV + NV + 1 ≤ 15: V8's xmm registers). */
export const MR_S = 6;
export const MR_C = 6;
/** Vectors (4 columns each) per micro-kernel block, and the columns that makes. */
export const NV_MAX = 2;
export const PANEL = 4 * NV_MAX;

/** Index of the first C-family micro-kernel in the module's function table (S kernels come first). */
export const C_BASE = MR_S * NV_MAX * 4;

/** Epilogue of a micro-kernel block. */
export const MODE = { store: 0, accumulate: 1, bias: 2, biasRelu: 3 } as const;

/** Images per block of the sparse forward driver (8 vectors of 4 lanes: 8 accumulators, a broadcast, a load). */
export const SPARSE_LANES = 32;

/** Images per dW reduction chunk: the chunk of x and dy (LeNet conv2: 2 × 24 KB) stays near L1 while every block of dW takes its share; longer chunks mean fewer calls. */
export const DW_CHUNK_IMAGES = 2;

/** Each exported driver and its i32 arguments (byte pointers and sizes), in block order. */
export const DRIVERS = {
  /**
   * NHWC conv, input already padded: out[pixel, co] over pixels = N·OH·OW, in blocks of MR_S pixels
   * (a block may span output rows: its row offsets go in the task's table at scratch + 32·task);
   * w is packed in PANEL-wide panels (see `pack`); tasks of pixPerTask pixels.
   */
  conv_fwd: ['x', 'w', 'bias', 'out', 'pixels', 'oh', 'ow', 'cout', 'kh', 'kwc', 'pix', 'xFy', 'xOy', 'xImg', 'mode', 'pixPerTask', 'scratch'],
  /**
   * NHWC conv of a one-channel input, stride 1, input already padded: rows = N·OH output rows
   * (ow and cout multiples of 4), xRow/xImg the padded input's row and image bytes, w packed in
   * PANEL-wide panels (see `pack`); tasks of rowsPerTask rows.
   */
  conv1_fwd: ['x', 'w', 'bias', 'out', 'rows', 'oh', 'ow', 'cout', 'kh', 'kw', 'xRow', 'xImg', 'mode', 'rowsPerTask'],
  /**
   * dW[(fy,fx,ci), co] = Σ x·dy; tasks = (row tiles of MR_C consecutive (fx,ci) of one fy, in groups of
   * tilesPerTask) × image groups of imagesPerGroup; image group g writes out + g·groupBytes.
   */
  conv_dw: ['x', 'dy', 'out', 'n', 'oh', 'ow', 'cout', 'kwc', 'tiles', 'tilesPerSpan', 'pix', 'xOy', 'xImg', 'xFy', 'tilesPerTask', 'imagesPerGroup', 'groupBytes'],
  /**
   * dx (padded) = dy · Wᵀ scattered (col2im); one task per image; wt is Wᵀ packed per filter row in
   * `panels` PANEL-wide panels of [Cout, PANEL] (see `pack`); row offsets at scratch + 32·task.
   */
  conv_dx: ['dy', 'wt', 'dx', 'oh', 'ow', 'cout', 'kh', 'kwc', 'panels', 'ihp', 'iwp', 'cin', 'sh', 'sw', 'scratch'],
  /** C[M,N] = A·B (+bias, ReLU); A row r at a + r·aRow, k at +aK (aK = 4, or aRow = 4 for Aᵀ). */
  matmul: ['a', 'b', 'c', 'bias', 'm', 'n', 'k', 'aRow', 'aK', 'bK', 'mode', 'mBlock', 'nBlock', 'nBlocks'],
  /** dst[C, R] = src[R, C]ᵀ; tasks of rowsPerTask source rows. */
  transpose: ['src', 'dst', 'r', 'c', 'rowsPerTask'],
  /** MaxPool 2×2 stride 2 (valid): rows = N·OH output rows, input image/row strides in bytes; tasks of rowsPerTask rows. */
  pool2: ['x', 'out', 'rows', 'oh', 'ow', 'c', 'xImg', 'xRow', 'rowsPerTask'],
  /** MaxPoolGrad of a 2×2 stride-2 pool tiling its input: rows = N·OH output rows, tasks of rowsPerTask. */
  pool2_grad: ['x', 'dy', 'dx', 'rows', 'ow', 'c', 'rowsPerTask'],
  /** partial[task, C] = Σ over the task's rows of x[R, C]. */
  col_sum: ['x', 'partial', 'r', 'c', 'rowsPerTask'],
  /**
   * Packs `groups` groups of gLen columns of a K-row matrix into PANEL-wide panels, zero-filled:
   * dst + 4·PANEL·k·(g·panels + j) holds [k, PANEL] = src[g·sG + kk·sK + (PANEL·j + jj)·sN] (byte strides);
   * one task per group.
   */
  pack: ['src', 'dst', 'k', 'gLen', 'panels', 'sK', 'sN', 'sG'],
  /** Pads NHWC images with zeros: dst[N, IH+pt+pb, IW+pl+pr, C]; one task per image. */
  pad: ['src', 'dst', 'ih', 'iw', 'c', 'pt', 'pl', 'ihp', 'iwp'],
  /** Copies the interior of padded images back: dst[N, IH, IW, C]; one task per image. */
  crop: ['src', 'dst', 'ih', 'iw', 'c', 'pt', 'pl', 'ihp', 'iwp'],
  /** out[rows, c] = a ⊕ b (EW_OP); b's row r at b + r·bRow (bRow 0: one row broadcast); alpha = step's f32 bits. */
  ew: ['a', 'b', 'out', 'rows', 'c', 'bRow', 'op', 'alpha', 'rowsPerTask'],
  /**
   * Sparse weights × batch-innermost input: out[co, oy, ox, np] = Σ over row co's nonzeros (rows: i32
   * row starts [cout + 1]; offs: i32 byte offsets into x; vals: f32) of val · x[oy·xOy + ox·xOx + off, np]
   * (+ bias, ReLU by mode); np = batch padded to 4; tasks = bBlocks (of SPARSE_LANES images) × channel chunks.
   */
  sp_fwd: ['x', 'rows', 'offs', 'vals', 'bias', 'out', 'cout', 'oh', 'ow', 'xOy', 'xOx', 'np', 'bBlocks', 'coPerTask', 'mode'],
  /**
   * Sparse stride-1 conv of a one-channel input, already padded (rows of xRow bytes, images of xImg):
   * out[row, ox, co] over rows = N·OH, each channel co summing its CSR taps (csr: i32 row starts
   * [cout + 1]; offs: i32 byte offsets fy·xRow + 4·fx; vals: f32) as conv1_fwd sums all of them.
   */
  sp1_fwd: ['x', 'csr', 'offs', 'vals', 'bias', 'out', 'rows', 'oh', 'ow', 'cout', 'xRow', 'xImg', 'mode', 'rowsPerTask'],
  /** dst[i0, i1, i2, i3] = src[…] with byte strides s0…s3 (src) and t0…t3 (dst); tasks of perTask values of i0. */
  permute: ['src', 'dst', 'd0', 'd1', 'd2', 'd3', 's0', 's1', 's2', 's3', 't0', 't1', 't2', 't3', 'perTask'],
} as const;

/** Operations of the `ew` driver; reluGrad = b · step(a), the ReLU gradient dy · step(x) in one pass. */
export const EW_OP = { add: 0, mul: 1, relu: 2, step: 3, reluGrad: 4, sub: 5, div: 6, sqrt: 7, square: 8 } as const;

/** The `ew` operations of `a` alone. */
export const EW_UNARY: readonly number[] = [EW_OP.relu, EW_OP.step, EW_OP.sqrt, EW_OP.square];

export type DriverName = keyof typeof DRIVERS;
export type DriverArgs<D extends DriverName> = Record<(typeof DRIVERS)[D][number], number>;

/** Bytes needed for the largest argument block. */
export const ARG_BLOCK_BYTES = 4 * Math.max(...Object.values(DRIVERS).map((a) => a.length));
