// Register-blocked matrix-product micro-kernels, generated as WebAssembly text: each computes
// an MR × (4·NV) block of C = A·B with MR·NV vector accumulators held in registers for the
// whole reduction, then stores, accumulates into, or biases (+ ReLU) the block of C.
//
// Why this file exists: the convolution and matrix-product drivers all reduce to this inner
// loop; only the way A is walked differs, so there are two families:
//
//   S ("strided rows"): row r of A starts at a + r·aRow, or at a + aRows[r] when a table of
//     row offsets is given (a block of output pixels that spans two output rows); k runs over
//     contiguous floats in nSeg segments of kLen (a segment = one filter row of a convolution,
//     whose input pixels are contiguous in NHWC). Used by the forward conv, dx and A·B.
//   C ("contiguous rows"): the MR rows of A are adjacent floats (a + 4r) and k walks a
//     3-level strided path (images, output rows, output columns). Used by dW and Aᵀ·B.
//
// Rows of C are c + r·ldc, or c + cRows[r] with a table (S family: dx's col2im rows).
// B is walked row by row with a runtime stride bK (a packed panel: bK = 16·NV); the last vector
// of a block may hold only 1–3 real columns (partial loads and stores, see simd.ts). The k loop
// is unrolled `unroll` times with immediate offsets for A. Chromium's V8 keeps the wasm order, so
// a block needs MR·NV accumulators + NV B vectors + 1 broadcast ≤ 15 xmm registers: 6×2 is the
// largest. Each family is one function table indexed by (mr, nv, tail), called via call_indirect.
import { MODE, MR_C, MR_S, NV_MAX } from '../abi';
import { decls, loadLanes, madd, range, storeLanes, type Flavor } from './simd';

const S_PARAMS = ['a', 'aRow', 'aRows', 'b', 'bK', 'nSeg', 'aSeg', 'kLen', 'c', 'ldc', 'cRows', 'mode', 'bias'];
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
const local = (n: string) => `(local.get $${n})`;
const setL = (n: string, v: string) => `(local.set $${n} ${v})`;
const addI = (a: string, b: string) => `(i32.add ${a} ${b})`;

/** One k step: B row at $q (NV vectors), then per row one broadcast of A times B into the accumulators; $q moves on. */
function fmaStep(f: Flavor, blk: Block, aAddr: (r: number) => string): string {
  const lines: string[] = [];
  for (const v of range(blk.nv)) lines.push(setL(`bv${v}`, loadLanes(lanesOf(blk, v), local('q'), 16 * v)));
  for (const r of range(blk.mr)) {
    lines.push(setL('av', aAddr(r)));
    for (const v of range(blk.nv)) lines.push(setL(acc(r, v), madd(f, local('av'), local(`bv${v}`), local(acc(r, v)))));
  }
  lines.push(setL('q', addI(local('q'), local('bK'))));
  return lines.join('\n');
}

/** `for (n = count; n > 0; n--) body` when count > 0 (count evaluated once). */
function countdown(n: string, count: string, label: string, body: string): string {
  return `${setL(n, count)}
(if ${local(n)} (then (loop $${label}
  ${body}
  (br_if $${label} (local.tee $${n} (i32.sub ${local(n)} (i32.const 1)))))))`;
}

/** Stores / accumulates / biases the accumulators into C: row r at $cr0…$cr{mr-1}. */
function epilogue(blk: Block): string {
  const rows = (body: (r: number) => string) => range(blk.mr).map(body).join('\n');
  const accumulate = rows((r) =>
    range(blk.nv)
      .map((v) => storeLanes(lanesOf(blk, v), local(`cr${r}`), `(f32x4.add ${loadLanes(lanesOf(blk, v), local(`cr${r}`), 16 * v)} ${local(acc(r, v))})`, 16 * v))
      .join('\n'),
  );
  const biased = range(blk.nv)
    .map((v) => setL(`bv${v}`, loadLanes(lanesOf(blk, v), local('bias'), 16 * v)))
    .join('\n');
  const each = (fn: (name: string, v: number) => string) => range(blk.mr).flatMap((r) => range(blk.nv).map((v) => setL(acc(r, v), fn(acc(r, v), v)))).join('\n');
  const addBias = each((a, v) => `(f32x4.add ${local(a)} ${local(`bv${v}`)})`);
  const relu = each((a) => `(f32x4.max ${local(a)} (v128.const i32x4 0 0 0 0))`);
  const store = rows((r) => range(blk.nv).map((v) => storeLanes(lanesOf(blk, v), local(`cr${r}`), local(acc(r, v)), 16 * v)).join('\n'));
  return `(if (i32.eq ${local('mode')} (i32.const ${MODE.accumulate}))
  (then ${accumulate})
  (else
    (if (i32.ge_u ${local('mode')} (i32.const ${MODE.bias})) (then ${biased}
${addBias}
      (if (i32.eq ${local('mode')} (i32.const ${MODE.biasRelu})) (then ${relu}))))
    ${store}))`;
}

/** $cr0… from c + r·ldc (C family, or S without a table). */
function uniformRows(blk: Block): string {
  return range(blk.mr)
    .map((r) => setL(`cr${r}`, r === 0 ? local('c') : addI(local(`cr${r - 1}`), local('ldc'))))
    .join('\n');
}

function commonLocals(blk: Block): string {
  const accs = range(blk.mr).flatMap((r) => range(blk.nv).map((v) => acc(r, v)));
  const crs = range(blk.mr).map((r) => `cr${r}`);
  return [decls('local', accs, 'v128'), decls('local', range(blk.nv).map((v) => `bv${v}`), 'v128'), '(local $av v128) (local $q i32) (local $k i32)', decls('local', crs, 'i32')].join(' ');
}

function kernelS(f: Flavor, blk: Block): string {
  const ptrs = range(blk.mr).map((r) => `p${r}`);
  const table = (base: string, tab: string, name: (r: number) => string, stride: string) =>
    `(if ${local(tab)}
  (then ${range(blk.mr).map((r) => setL(name(r), addI(local(base), `(i32.load offset=${4 * r} ${local(tab)})`))).join(' ')})
  (else ${range(blk.mr).map((r) => setL(name(r), r === 0 ? local(base) : addI(local(name(r - 1)), local(stride)))).join(' ')}))`;
  const u = f.unroll;
  const unrolled = range(u)
    .map((s) => fmaStep(f, blk, (r) => `(v128.load32_splat${s ? ` offset=${4 * s}` : ''} ${local(`p${r}`)})`))
    .join('\n');
  const single = fmaStep(f, blk, (r) => `(v128.load32_splat ${local(`p${r}`)})`);
  const advance = (bytes: string) => ptrs.map((p) => setL(p, addI(local(p), bytes))).join('\n');
  const kLoops =
    u > 1
      ? `${countdown('k', `(i32.shr_u ${local('kLen')} (i32.const ${Math.log2(u)}))`, 'ku', `${unrolled}\n${advance(`(i32.const ${4 * u})`)}`)}
${countdown('k', `(i32.and ${local('kLen')} (i32.const ${u - 1}))`, 'k1', `${single}\n${advance('(i32.const 4)')}`)}`
      : countdown('k', local('kLen'), 'k1', `${single}\n${advance('(i32.const 4)')}`);
  return `(func $mkS_${blk.mr}_${blk.nv}_${blk.tail} (type $mkS) ${decls('param', S_PARAMS, 'i32')}
  ${commonLocals(blk)} ${decls('local', ptrs, 'i32')} (local $s i32) (local $skip i32)
  ${table('a', 'aRows', (r) => `p${r}`, 'aRow')}
  (local.set $skip (i32.sub ${local('aSeg')} (i32.shl ${local('kLen')} (i32.const 2))))
  (local.set $q ${local('b')})
  (local.set $s ${local('nSeg')})
  (loop $seg
    ${kLoops}
    ${advance(local('skip'))}
    (br_if $seg (local.tee $s (i32.sub ${local('s')} (i32.const 1)))))
  ${table('c', 'cRows', (r) => `cr${r}`, 'ldc')}
  ${epilogue(blk)})`;
}

function kernelC(f: Flavor, blk: Block): string {
  const step = `${fmaStep(f, blk, (r) => `(v128.load32_splat${r ? ` offset=${4 * r}` : ''} ${local('p')})`)}
(local.set $p (i32.add ${local('p')} ${local('a1')}))`;
  const u = f.unroll;
  const inner =
    u > 1
      ? `${countdown('i1', `(i32.shr_u ${local('n1')} (i32.const ${Math.log2(u)}))`, 'l1u', range(u).map(() => step).join('\n'))}
${countdown('i1', `(i32.and ${local('n1')} (i32.const ${u - 1}))`, 'l1', step)}`
      : countdown('i1', local('n1'), 'l1', step);
  return `(func $mkC_${blk.mr}_${blk.nv}_${blk.tail} (type $mkC) ${decls('param', C_PARAMS, 'i32')}
  ${commonLocals(blk)} (local $p i32) (local $p2 i32) (local $i1 i32) (local $i2 i32)
  (local.set $q ${local('b')})
  (loop $l3
    (local.set $p2 ${local('a')})
    (local.set $i2 ${local('n2')})
    (loop $l2
      (local.set $p ${local('p2')})
      ${inner}
      (local.set $p2 (i32.add ${local('p2')} ${local('a2')}))
      (br_if $l2 (local.tee $i2 (i32.sub ${local('i2')} (i32.const 1)))))
    (local.set $a (i32.add ${local('a')} ${local('a3')}))
    (br_if $l3 (local.tee $n3 (i32.sub ${local('n3')} (i32.const 1)))))
  ${uniformRows(blk)}
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
