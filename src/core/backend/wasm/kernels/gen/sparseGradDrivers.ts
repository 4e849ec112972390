// The weight gradient of a layer whose pruning mask is held during training, generated as
// WebAssembly text: a sampled dense-dense product (SDDMM) that computes dW only at the kept
// positions.
//
// Why this file exists: with the mask held, the gradient at a pruned position is thrown away by
// the mask after every step, so computing it is wasted work. For each kept weight j of output
// channel co (the same CSR rows and input byte offsets as the sparse forward, sparseDrivers.ts):
//   dW[j] = Σ_{oy, ox} Σ_b x[oy·xOy + ox·xOx + off_j + 4b] · dy[co, oy, ox, b]
// with both operands batch-innermost (b in the SIMD lanes, np = batch padded to 4), four vector
// accumulators, then a horizontal sum; the result goes to dw + didx[j] (byte offset into the
// dense gradient, which the caller zero-fills). A dense layer is the 1×1-pixel case.
import { DRIVERS, SPARSE_LANES } from '../abi';
import { madd, range, type Flavor } from './simd';
import { add, driver, forStep, get, i32, min, mul, set, sub } from './wat';

const ACCS = 4;
const MAX_V = SPARSE_LANES / 4;

function spDw(f: Flavor): string {
  const accs = range(ACCS).map((i) => `acc${i}`);
  const load = (base: string, off: number) => `(v128.load${off ? ` offset=${off}` : ''} align=4 (i32.add ${get(base)} ${get('t')}))`;
  const wide = accs.map((a, i) => set(a, madd(f, load('xp', 16 * i), load('dp', 16 * i), get(a)))).join('\n');
  const lane = (i: number) => `(f32x4.extract_lane ${i} ${get('acc0')})`;
  const body = `${set('co', mul(get('task'), get('coPerTask')))}
${set('co1', min(add(get('co'), get('coPerTask')), get('cout')))}
${set('nb', mul(get('np'), i32(4)))}
${set('n64', `(i32.and ${get('nb')} (i32.const -64))`)}
${set('dyRow', mul(get('ow'), get('nb')))}
${forStep('co', get('co'), get('co1'), 1, `
  ${set('drow', add(get('dy'), mul(get('co'), get('oh'), get('dyRow'))))}
  ${forStep('j', `(i32.load ${add(get('rows'), mul(get('co'), i32(4)))})`, `(i32.load offset=4 ${add(get('rows'), mul(get('co'), i32(4)))})`, 1, `
    ${set('xj', add(get('x'), `(i32.load ${add(get('offs'), mul(get('j'), i32(4)))})`))}
    ${accs.map((a) => `(local.set $${a} (v128.const i32x4 0 0 0 0))`).join(' ')}
    ${forStep('oy', i32(0), get('oh'), 1, `
      ${set('xp', add(get('xj'), mul(get('oy'), get('xOy'))))}
      ${set('dp', add(get('drow'), mul(get('oy'), get('dyRow'))))}
      ${forStep('ox', i32(0), get('ow'), 1, `
        ${forStep('t', i32(0), get('n64'), 64, wide)}
        ${forStep('t', get('n64'), get('nb'), 16, set('acc0', madd(f, load('xp', 0), load('dp', 0), get('acc0'))))}
        ${set('xp', add(get('xp'), get('xOx')))}
        ${set('dp', add(get('dp'), get('nb')))}`)}`)}
    (local.set $acc0 (f32x4.add (f32x4.add ${get('acc0')} ${get('acc1')}) (f32x4.add ${get('acc2')} ${get('acc3')})))
    (f32.store ${add(get('dw'), `(i32.load ${add(get('didx'), mul(get('j'), i32(4)))})`)}
      (f32.add (f32.add ${lane(0)} ${lane(1)}) (f32.add ${lane(2)} ${lane(3)})))`)}`)}`;
  return driver('sp_dw', DRIVERS.sp_dw, ['co', 'co1', 'nb', 'n64', 'dyRow', 'drow', 'j', 'xj', 'oy', 'xp', 'dp', 'ox', 't'], body).replace(
    '(param $p i32)',
    `(param $p i32) ${accs.map((a) => `(local $${a} v128)`).join(' ')}`,
  );
}

/**
 * $spdxV: V vector accumulators for one input pixel of dx, over the kept weights of the spatial
 * taps (fy, fx) in [fy0, fy1) × [fx0, fx1) that reach an output pixel (grp: the row's group starts,
 * one per tap), then a store: a full correlation that never multiplies the padding.
 */
function spDxKernel(f: Flavor, v: number): string {
  const accs = range(v).map((i) => `acc${i}`);
  const step = `(local.set $a (i32.add (local.get $xp) (i32.load (i32.add (local.get $offs) (i32.shl (local.get $j) (i32.const 2))))))
(local.set $w (v128.load32_splat (i32.add (local.get $vals) (i32.shl (local.get $j) (i32.const 2)))))
${range(v)
  .map((i) => `(local.set $acc${i} ${madd(f, `(v128.load${i ? ` offset=${16 * i}` : ''} align=4 (local.get $a))`, '(local.get $w)', `(local.get $acc${i})`)})`)
  .join('\n')}`;
  return `(func $spdx${v} (param $xp i32) (param $op i32) (param $grp i32) (param $offs i32) (param $vals i32) (param $fy0 i32) (param $fy1 i32) (param $fx0 i32) (param $fx1 i32) (param $kw i32)
  ${accs.map((a) => `(local $${a} v128)`).join(' ')} (local $w v128) (local $a i32) (local $fy i32) (local $fx i32) (local $g i32) (local $j i32) (local $je i32)
  ${forStep('fy', get('fy0'), get('fy1'), 1, forStep('fx', get('fx0'), get('fx1'), 1, `
    ${set('g', add(get('grp'), `(i32.shl ${add(mul(get('fy'), get('kw')), get('fx'))} (i32.const 2))`))}
    ${set('j', `(i32.load ${get('g')})`)}
    ${set('je', `(i32.load offset=4 ${get('g')})`)}
    (block $jd (loop $jn
      (br_if $jd (i32.ge_s ${get('j')} ${get('je')}))
      ${step}
      ${set('j', add(get('j'), i32(1)))}
      (br $jn)))`))}
  ${accs.map((a, i) => `(v128.store${i ? ` offset=${16 * i}` : ''} align=4 (local.get $op) (local.get $${a}))`).join('\n')})`;
}

/** Calls $spdxV for V = $nv (1…MAX_V). */
function dxDispatch(args: string): string {
  let out = `(call $spdx1 ${args})`;
  for (const v of range(MAX_V - 1).map((i) => i + 2)) out = `(if (i32.eq (local.get $nv) (i32.const ${v})) (then (call $spdx${v} ${args})) (else ${out}))`;
  return out;
}

/**
 * dx[ci, iy, ix, np] of a stride-1 layer from dy laid out as the sparse forward's input (padded by
 * pt, pl); grp holds, per row ci, kh·kw + 1 group starts of its entries by flipped spatial tap.
 * Task = (batch block of SPARSE_LANES images, chunk of rowsPerTask rows), as sp_fwd.
 */
function spDx(): string {
  const f4 = (x: string) => mul(x, i32(4));
  const args = [get('xp'), get('op'), get('grow'), get('offs'), get('vals'), get('fy0'), get('fy1'), get('fx0'), get('fx1'), get('kw')].join(' ');
  const clamp0 = (x: string) => `(select ${x} (i32.const 0) (i32.gt_s ${x} (i32.const 0)))`;
  const body = `${set('cc', `(i32.div_u ${get('task')} ${get('bBlocks')})`)}
${set('b0', mul(sub(get('task'), mul(get('cc'), get('bBlocks'))), i32(SPARSE_LANES)))}
${set('nv', `(i32.shr_u ${min(i32(SPARSE_LANES), sub(get('np'), get('b0')))} (i32.const 2))`)}
${set('pb', f4(get('np')))}
${set('r1', min(add(mul(get('cc'), get('rowsPerTask')), get('rowsPerTask')), get('rows')))}
${forStep('r', mul(get('cc'), get('rowsPerTask')), get('r1'), 1, `
  ${set('grow', add(get('grp'), f4(mul(get('r'), add(mul(get('kh'), get('kw')), i32(1))))))}
  ${set('op', add(get('out'), mul(get('r'), get('ih'), get('iw'), get('pb')), f4(get('b0'))))}
  ${forStep('iy', i32(0), get('ih'), 1, `
    ${set('fy0', clamp0(sub(get('pt'), get('iy'))))}
    ${set('fy1', min(get('kh'), add(sub(get('pt'), get('iy')), get('oh'))))}
    ${set('xp', add(get('x'), mul(get('iy'), get('xOy')), f4(get('b0'))))}
    ${forStep('ix', i32(0), get('iw'), 1, `
      ${set('fx0', clamp0(sub(get('pl'), get('ix'))))}
      ${set('fx1', min(get('kw'), add(sub(get('pl'), get('ix')), get('ow'))))}
      ${dxDispatch(args)}
      ${set('xp', add(get('xp'), get('xOx')))}
      ${set('op', add(get('op'), get('pb')))}`)}`)}`)}`;
  return driver('sp_dx', DRIVERS.sp_dx, ['cc', 'b0', 'nv', 'pb', 'r1', 'r', 'grow', 'op', 'iy', 'fy0', 'fy1', 'xp', 'ix', 'fx0', 'fx1'], body);
}

export function sparseGradDrivers(f: Flavor): string {
  return [spDw(f), ...range(MAX_V).map((i) => spDxKernel(f, i + 1)), spDx()].join('\n');
}
