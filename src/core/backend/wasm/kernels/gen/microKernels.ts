// Register-blocked matrix-product micro-kernels, generated as WebAssembly text: each computes
// an MR × (4·NV) block of C = A·B with MR·NV vector accumulators held in registers for the
// whole reduction, then stores, accumulates into, or biases (+ ReLU) the block of C.
//
// Why this file exists: the convolution and matrix-product drivers (drivers.ts) all reduce
// to this inner loop; only the way A is walked differs, so there are two families:
//
//   S ("strided rows"): row r of A starts at a + r·aRow, and k runs over contiguous floats,
//     in nSeg segments of kLen (a segment = one filter row of a convolution, whose input
//     pixels are contiguous in NHWC). Used by the forward conv, dx and A·B.
//   C ("contiguous rows"): the MR rows of A are adjacent floats (a + 4r) and k walks a
//     3-level strided path (images, output rows, output columns). Used by dW and Aᵀ·B.
//
// B is always walked row by row with a runtime stride bK; the last vector of a block may
// hold only 1–3 real columns (loads and stores of partial vectors, see simd.ts). Each family
// is one function table indexed by (mr, nv, tail) so drivers pick a kernel with call_indirect.
import { MODE, MR_C, MR_S, NV_MAX } from '../abi';
import { decls, loadLanes, madd, range, storeLanes, type Flavor } from './simd';

const S_PARAMS = ['a', 'aRow', 'b', 'bK', 'nSeg', 'aSeg', 'kLen', 'c', 'ldc', 'mode', 'bias'];
const C_PARAMS = ['a', 'b', 'bK', 'n3', 'a3', 'n2', 'a2', 'n1', 'a1', 'c', 'ldc', 'mode', 'bias'];

export function microKernelTypes(): string {
  return [
    `(type $mkS (func ${S_PARAMS.map(() => '(param i32)').join(' ')}))`,
    `(type $mkC (func ${C_PARAMS.map(() => '(param i32)').join(' ')}))`,
  ].join('\n');
}

interface Block {
  readonly mr: number;
  readonly nv: number;
  readonly tail: number;
}

const acc = (r: number, v: number) => `acc${r}_${v}`;
const lanesOf = (blk: Block, v: number) => (v === blk.nv - 1 ? blk.tail : 4);

/** B row at $q: one vector per block column group, then A broadcasts times B into the accumulators. */
function fmaStep(f: Flavor, blk: Block, aAddr: (r: number) => string): string {
  const lines: string[] = [];
  for (const v of range(blk.nv)) lines.push(`(local.set $bv${v} ${loadLanes(lanesOf(blk, v), '(local.get $q)', 16 * v)})`);
  for (const r of range(blk.mr)) {
    lines.push(`(local.set $av ${aAddr(r)})`);
    for (const v of range(blk.nv)) lines.push(`(local.set $${acc(r, v)} ${madd(f, '(local.get $av)', `(local.get $bv${v})`, `(local.get $${acc(r, v)})`)})`);
  }
  return lines.join('\n');
}

/** Stores / accumulates / biases the accumulators into C (rows $ldc bytes apart). */
function epilogue(blk: Block): string {
  const out: string[] = ['(local.set $cr (local.get $c))'];
  const rows = (body: (r: number) => string) =>
    range(blk.mr)
      .map((r) => `${body(r)}\n(local.set $cr (i32.add (local.get $cr) (local.get $ldc)))`)
      .join('\n');
  const accumulate = rows((r) =>
    range(blk.nv)
      .map((v) => storeLanes(lanesOf(blk, v), '(local.get $cr)', `(f32x4.add ${loadLanes(lanesOf(blk, v), '(local.get $cr)', 16 * v)} (local.get $${acc(r, v)}))`, 16 * v))
      .join('\n'),
  );
  const biased = range(blk.nv)
    .map((v) => `(local.set $bv${v} ${loadLanes(lanesOf(blk, v), '(local.get $bias)', 16 * v)})`)
    .join('\n');
  const addBias = range(blk.mr)
    .flatMap((r) => range(blk.nv).map((v) => `(local.set $${acc(r, v)} (f32x4.add (local.get $${acc(r, v)}) (local.get $bv${v})))`))
    .join('\n');
  const relu = range(blk.mr)
    .flatMap((r) => range(blk.nv).map((v) => `(local.set $${acc(r, v)} (f32x4.max (local.get $${acc(r, v)}) (v128.const i32x4 0 0 0 0)))`))
    .join('\n');
  const store = rows((r) => range(blk.nv).map((v) => storeLanes(lanesOf(blk, v), '(local.get $cr)', `(local.get $${acc(r, v)})`, 16 * v)).join('\n'));
  out.push(`(if (i32.eq (local.get $mode) (i32.const ${MODE.accumulate}))
  (then ${accumulate})
  (else
    (if (i32.ge_u (local.get $mode) (i32.const ${MODE.bias})) (then ${biased}
${addBias}
      (if (i32.eq (local.get $mode) (i32.const ${MODE.biasRelu})) (then ${relu}))))
    ${store}))`);
  return out.join('\n');
}

function commonLocals(blk: Block): string {
  const accs = range(blk.mr).flatMap((r) => range(blk.nv).map((v) => acc(r, v)));
  return [decls('local', accs, 'v128'), decls('local', range(blk.nv).map((v) => `bv${v}`), 'v128'), '(local $av v128) (local $q i32) (local $cr i32)'].join(' ');
}

function kernelS(f: Flavor, blk: Block): string {
  const ptrs = range(blk.mr).map((r) => `p${r}`);
  const setPtrs = ptrs
    .map((p, r) => (r === 0 ? `(local.set $p0 (local.get $a))` : `(local.set $${p} (i32.add (local.get $p${r - 1}) (local.get $aRow)))`))
    .join('\n');
  const step = fmaStep(f, blk, (r) => `(v128.load32_splat (local.get $p${r}))`);
  const advance = ptrs.map((p) => `(local.set $${p} (i32.add (local.get $${p}) (i32.const 4)))`).join('\n');
  return `(func $mkS_${blk.mr}_${blk.nv}_${blk.tail} (type $mkS) ${decls('param', S_PARAMS, 'i32')}
  ${commonLocals(blk)} ${decls('local', ptrs, 'i32')} (local $k i32) (local $s i32)
  (local.set $q (local.get $b))
  (local.set $s (local.get $nSeg))
  (loop $seg
    ${setPtrs}
    (local.set $k (local.get $kLen))
    (loop $kl
      ${step}
      ${advance}
      (local.set $q (i32.add (local.get $q) (local.get $bK)))
      (br_if $kl (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
    (local.set $a (i32.add (local.get $a) (local.get $aSeg)))
    (br_if $seg (local.tee $s (i32.sub (local.get $s) (i32.const 1)))))
  ${epilogue(blk)})`;
}

function kernelC(f: Flavor, blk: Block): string {
  const step = fmaStep(f, blk, (r) => `(v128.load32_splat${r ? ` offset=${4 * r}` : ''} (local.get $p))`);
  return `(func $mkC_${blk.mr}_${blk.nv}_${blk.tail} (type $mkC) ${decls('param', C_PARAMS, 'i32')}
  ${commonLocals(blk)} (local $p i32) (local $p2 i32) (local $i1 i32) (local $i2 i32)
  (local.set $q (local.get $b))
  (loop $l3
    (local.set $p2 (local.get $a))
    (local.set $i2 (local.get $n2))
    (loop $l2
      (local.set $p (local.get $p2))
      (local.set $i1 (local.get $n1))
      (loop $l1
        ${step}
        (local.set $p (i32.add (local.get $p) (local.get $a1)))
        (local.set $q (i32.add (local.get $q) (local.get $bK)))
        (br_if $l1 (local.tee $i1 (i32.sub (local.get $i1) (i32.const 1)))))
      (local.set $p2 (i32.add (local.get $p2) (local.get $a2)))
      (br_if $l2 (local.tee $i2 (i32.sub (local.get $i2) (i32.const 1)))))
    (local.set $a (i32.add (local.get $a) (local.get $a3)))
    (br_if $l3 (local.tee $n3 (i32.sub (local.get $n3) (i32.const 1)))))
  ${epilogue(blk)})`;
}

function blocks(mrMax: number): Block[] {
  return range(mrMax).flatMap((r) => range(NV_MAX).flatMap((v) => range(4).map((t) => ({ mr: r + 1, nv: v + 1, tail: t + 1 }))));
}

/** Both families' functions and the table holding them (S at 0, C at C_BASE). */
export function microKernels(f: Flavor): { funcs: string; table: string } {
  const s = blocks(MR_S);
  const c = blocks(MR_C);
  const funcs = [...s.map((b) => kernelS(f, b)), ...c.map((b) => kernelC(f, b))].join('\n');
  const names = [...s.map((b) => `$mkS_${b.mr}_${b.nv}_${b.tail}`), ...c.map((b) => `$mkC_${b.mr}_${b.nv}_${b.tail}`)];
  return { funcs, table: `(table $mk ${names.length} funcref) (elem (i32.const 0) func ${names.join(' ')})` };
}
