// The forward convolution of a single-channel input (LeNet-5's conv1), generated as WebAssembly
// text, with output pixels in the vector lanes instead of output channels.
//
// Why this file exists: with one input channel the general kernels see a reduction of only
// KH·KW (25) in segments of KW (5), so their blocks spend more time starting and storing than
// multiplying. Here 8 neighbouring output pixels of one row are two vector loads of the input
// row (contiguous, as there is one channel), multiplied by a broadcast weight for each of 4
// output channels: 8 accumulators + 2 inputs + 1 weight fit the registers, every tap is 8
// multiply-adds, and a 4×4 transpose per vector writes the block into NHWC order (bias and
// ReLU added first when fused). The weights come packed in PANEL-wide panels (see `pack`), so a
// filter row of 5 taps (LeNet's) unrolls with constant offsets. Each output element is the same sum in the same order (taps in
// (fy, fx) order) as in the general kernel, so results do not depend on which kernel ran.
import { DRIVERS, MODE, PANEL } from '../abi';
import { madd, range, type Flavor } from './simd';
import { add, div, driver, forStep, get, i32, min, mul, set, sub } from './wat';

const f4 = (x: string) => mul(x, i32(4));
export const acc = (c: number, v: number) => `$a${c}_${v}`;
const lg = (n: string) => `(local.get ${n})`;
const ls = (n: string, v: string) => `(local.set ${n} ${v})`;

/** One tap (fx) of the block: nv input vectors at $xp + 4·fx, 4 broadcast weights at $wp + 4·PANEL·fx + 4c. */
function tap(f: Flavor, nv: number, fx: number | null): string {
  const xo = (v: number) => 16 * v + (fx ?? 0) * 4;
  const wo = (c: number) => 4 * c + (fx ?? 0) * 4 * PANEL;
  const off = (o: number) => (o ? ` offset=${o}` : '');
  return [
    ...range(nv).map((v) => ls(`$x${v}`, `(v128.load${off(xo(v))} align=4 ${get('xp')})`)),
    ...range(4).flatMap((c) => [
      ls('$wb', `(v128.load32_splat${off(wo(c))} ${get('wp')})`),
      ...range(nv).map((v) => ls(acc(c, v), madd(f, lg('$wb'), lg(`$x${v}`), lg(acc(c, v))))),
    ]),
  ].join('\n');
}

/**
 * The 4 channels × nv pixel-vectors block at ($xr0, $wg): the weights of its 4 channels are half a
 * packed panel ([tap, PANEL]); taps in (fy, fx) order, a filter row of 5 fully unrolled. Stored at $ob.
 */
function block(f: Flavor, nv: number): string {
  const zero = range(4).flatMap((c) => range(nv).map((v) => ls(acc(c, v), '(v128.const i32x4 0 0 0 0)')));
  const row5 = range(5).map((fx) => tap(f, nv, fx)).join('\n');
  const generic = forStep('fx', i32(0), get('kw'), 1, `${tap(f, nv, null)}
    ${set('xp', add(get('xp'), i32(4)))} ${set('wp', add(get('wp'), i32(4 * PANEL)))}`);
  return `${zero.join('\n')}
${set('wp', get('wg'))}
${forStep('fy', i32(0), get('kh'), 1, `${set('xp', add(get('xr0'), mul(get('fy'), get('xRow'))))}
  (if (i32.eq ${get('kw')} (i32.const 5)) (then ${row5}
    ${set('wp', add(get('wp'), i32(5 * 4 * PANEL)))})
  (else ${generic}))`)}
${epilogue(nv)}`;
}

/**
 * The end of a 4 channels × nv pixel-vectors block (accumulators $a{c}_{v}): bias and ReLU by
 * $mode (bias at $bp), then a 4×4 transpose per vector into NHWC at $ob (row stride $ldo).
 * Needs the v128 locals $wb, $t0…$t3.
 */
export function epilogue(nv: number): string {
  const bias = range(4).flatMap((c) => [
    ls('$wb', `(v128.load32_splat offset=${4 * c} ${get('bp')})`),
    ...range(nv).map((v) => ls(acc(c, v), `(f32x4.add ${lg(acc(c, v))} ${lg('$wb')})`)),
  ]);
  const relu = range(4).flatMap((c) => range(nv).map((v) => ls(acc(c, v), `(f32x4.max ${lg(acc(c, v))} (v128.const i32x4 0 0 0 0))`)));
  // 4×4 transpose: rows (channels c0…c3) of 4 pixels each → 4 pixels of 4 channels each.
  const shuf = (a: string, b: string, idx: number[]) =>
    `(i8x16.shuffle ${idx.flatMap((i) => [0, 1, 2, 3].map((k) => 4 * i + k)).join(' ')} ${a} ${b})`;
  const store = range(nv).flatMap((v) => [
    ls('$t0', shuf(lg(acc(0, v)), lg(acc(1, v)), [0, 4, 1, 5])),
    ls('$t1', shuf(lg(acc(0, v)), lg(acc(1, v)), [2, 6, 3, 7])),
    ls('$t2', shuf(lg(acc(2, v)), lg(acc(3, v)), [0, 4, 1, 5])),
    ls('$t3', shuf(lg(acc(2, v)), lg(acc(3, v)), [2, 6, 3, 7])),
    ...[
      ['$t0', '$t2', [0, 1, 4, 5]],
      ['$t0', '$t2', [2, 3, 6, 7]],
      ['$t1', '$t3', [0, 1, 4, 5]],
      ['$t1', '$t3', [2, 3, 6, 7]],
    ].map(([a, b, idx], l) => `(v128.store align=4 ${add(get('ob'), mul(i32(4 * v + l), get('ldo')))} ${shuf(lg(a as string), lg(b as string), idx as number[])})`),
  ]);
  return `(if (i32.ge_u ${get('mode')} (i32.const ${MODE.bias})) (then ${bias.join('\n')}
  (if (i32.eq ${get('mode')} (i32.const ${MODE.biasRelu})) (then ${relu.join('\n')}))))
${store.join('\n')}`;
}

/**
 * The loop nest both one-channel convs share (dense conv1_fwd, sparse sp1_fwd): each task's rows, each
 * row's blocks of 8 output pixels × 4 channels (4 pixels at a row's end), with `setup` once per task
 * and `tile` setting the block's own weight pointer; `block(nv)` computes nv vectors of pixels.
 */
export function oneChannelLoops(setup: string, tile: string, block: (nv: 1 | 2) => string): string {
  return `${set('r1', min(add(mul(get('task'), get('rowsPerTask')), get('rowsPerTask')), get('rows')))}
${set('ldo', f4(get('cout')))}
${setup}
${forStep('row', mul(get('task'), get('rowsPerTask')), get('r1'), 1, `
  ${set('n', div(get('row'), get('oh')))}
  ${set('xr', add(get('x'), mul(get('n'), get('xImg')), mul(sub(get('row'), mul(get('n'), get('oh'))), get('xRow'))))}
  ${set('orow', add(get('out'), mul(get('row'), get('ow'), get('ldo'))))}
  ${forStep('ox', i32(0), get('ow'), 8, forStep('co', i32(0), get('cout'), 4, `
    ${set('xr0', add(get('xr'), f4(get('ox'))))}
    ${tile}
    ${set('bp', add(get('bias'), f4(get('co'))))}
    ${set('ob', add(get('orow'), mul(get('ox'), get('ldo')), f4(get('co'))))}
    (if (i32.ge_s ${sub(get('ow'), get('ox'))} (i32.const 8)) (then ${block(2)}) (else ${block(1)}))`))}`)}`;
}

/** out[row, ox, co] for rows = N·OH output rows; needs ow % 4 = 0 and cout % 4 = 0 (see ownConv.ts). */
export function conv1Driver(f: Flavor): string {
  const body = oneChannelLoops(
    set('panel', mul(get('kh'), get('kw'), i32(4 * PANEL))),
    set('wg', add(get('w'), mul(div(get('co'), i32(PANEL)), get('panel')), f4(sub(get('co'), mul(div(get('co'), i32(PANEL)), i32(PANEL)))))),
    (nv) => block(f, nv),
  );
  const vlocals = [...range(4).flatMap((c) => range(2).map((v) => acc(c, v))), '$x0', '$x1', '$wb', '$t0', '$t1', '$t2', '$t3'].map((n) => `(local ${n} v128)`).join(' ');
  return driver('conv1_fwd', DRIVERS.conv1_fwd, ['r1', 'ldo', 'panel', 'row', 'n', 'xr', 'orow', 'ox', 'co', 'xr0', 'wg', 'xp', 'wp', 'bp', 'ob', 'fy', 'fx'], body).replace(
    '(param $p i32)',
    `(param $p i32) ${vlocals}`,
  );
}
