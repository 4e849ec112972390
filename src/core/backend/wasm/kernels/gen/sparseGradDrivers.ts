// The gradients of a layer whose pruning mask is held during training, generated as WebAssembly
// text: the weight gradient only at the kept positions (sp_dw), the input gradient of a 1×1 layer
// as a sparse product (sp_dx; a sparse full correlation for any stride-1 filter) and that of a
// larger filter on each tap's kept channels in the dense col2im order (sp_dxc).
//
// Why this file exists: with the mask held, the gradient at a pruned position is thrown away by
// the mask after every step, so computing it is wasted work. The weight gradient takes tiles of
// four adjacent output channels of one filter tap (keptTiles.ts) in sets of one tap's tiles
// sharing the input broadcast, DW_TILE_GROUP sets at once, and sums each lane in exactly the dense filter-gradient kernel's order (conv_dw, or the C family of
// Aᵀ·B for a dense layer), so each kept position gets the dense kernel's bits:
//   for each group of imagesPerGroup images: for each chunk of `chunk` images:
//     acc = 0; acc = madd(x[img, oy, ox, fy, col], dy[img, oy, ox, co], acc) over (img, oy, ox);
//     part += acc
//   dW = 0 + part₀ + part₁ + …  (the dense kernel's col_sum of the group partials)
// then stores the kept lanes (v128.bitselect with the tile's lane mask) into the dense gradient,
// which the caller zero-fills. Leaving out a pruned term changes no bits: every sum starts at +0
// and adding ±0 to it is exact.
import { DRIVERS, DW_SET_BYTES, DW_SET_TILES, DW_TILE_GROUP, MR_S, PANEL, SPARSE_LANES } from '../abi';
import { madd, range, type Flavor } from './simd';
import { add, driver, forStep, get, i32, min, mul, set, sub } from './wat';

const MAX_V = SPARSE_LANES / 4;

function spDw(f: Flavor): string {
  const sets = range(DW_TILE_GROUP);
  const tiles = range(DW_TILE_GROUP * DW_SET_TILES);
  const setOf = (i: number) => Math.floor(i / DW_SET_TILES);
  const slot = (i: number) => i % DW_SET_TILES;
  const v = (name: string) => tiles.map((i) => `${name}${i}`);
  const zero = (name: string) => tiles.map((i) => `(local.set $${name}${i} (v128.const i32x4 0 0 0 0))`).join(' ');
  const addTo = (to: string, from: string) => tiles.map((i) => `(local.set $${to}${i} (f32x4.add ${get(`${to}${i}`)} ${get(`${from}${i}`)}))`).join('\n');
  const word = (s: number, w: number) => `(i32.load offset=${DW_SET_BYTES * s + 4 * w} ${get('tb')})`;
  const maskAt = DW_SET_BYTES - 16 * DW_SET_TILES;
  const step = `${sets.map((s) => set(`xv${s}`, `(v128.load32_splat (i32.add ${get('xq')} ${get(`xo${s}`)}))`)).join('\n')}
${tiles.map((i) => set(`acc${i}`, madd(f, get(`xv${setOf(i)}`), `(v128.load align=4 (i32.add ${get('dp')} ${get(`do${i}`)}))`, get(`acc${i}`)))).join('\n')}`;
  const store = tiles
    .map((i) => {
      const at = `(i32.add ${get('dw')} ${word(setOf(i), 2 + DW_SET_TILES + slot(i))})`;
      return `(v128.store align=4 ${at} (v128.bitselect ${get(`tot${i}`)} (v128.load align=4 ${at}) (v128.load offset=${DW_SET_BYTES * setOf(i) + maskAt + 16 * slot(i)} align=4 ${get('tb')})))`;
    })
    .join('\n');
  const body = `${set('s1', `(i32.load offset=4 ${add(get('starts'), mul(get('task'), i32(4)))})`)}
${set('imgPix', mul(get('oh'), get('ow'), get('dyPix')))}
${forStep('s', `(i32.load ${add(get('starts'), mul(get('task'), i32(4)))})`, get('s1'), DW_TILE_GROUP, `
  ${set('tb', add(get('tiles'), mul(get('s'), i32(DW_SET_BYTES))))}
  ${sets.map((s) => set(`xo${s}`, add(mul(word(s, 0), get('xFy')), word(s, 1)))).join('\n')}
  ${tiles.map((i) => set(`do${i}`, word(setOf(i), 2 + slot(i)))).join('\n')}
  ${zero('tot')}
  ${forStep('g0', i32(0), get('n'), get('imagesPerGroup'), `
    ${set('g1', min(add(get('g0'), get('imagesPerGroup')), get('n')))}
    ${zero('part')}
    ${forStep('c0', get('g0'), get('g1'), get('chunk'), `
      ${set('c1', min(add(get('c0'), get('chunk')), get('g1')))}
      ${zero('acc')}
      ${set('xi', add(get('x'), mul(get('c0'), get('xImg'))))}
      ${set('dp', add(get('dy'), mul(get('c0'), get('imgPix'))))}
      ${forStep('img', get('c0'), get('c1'), 1, `
        ${set('xr', get('xi'))}
        ${forStep('oy', i32(0), get('oh'), 1, `
          ${set('xq', get('xr'))}
          ${forStep('ox', i32(0), get('ow'), 1, `${step}
            ${set('xq', add(get('xq'), get('pix')))}
            ${set('dp', add(get('dp'), get('dyPix')))}`)}
          ${set('xr', add(get('xr'), get('xOy')))}`)}
        ${set('xi', add(get('xi'), get('xImg')))}`)}
      ${addTo('part', 'acc')}`)}
    ${addTo('tot', 'part')}`)}
  ${store}`)}`;
  const locals = ['s1', 'imgPix', 's', 'tb', ...sets.map((s) => `xo${s}`), ...v('do'), 'g0', 'g1', 'c0', 'c1', 'xi', 'dp', 'img', 'xr', 'oy', 'xq', 'ox'];
  const vecs = [...v('acc'), ...v('part'), ...v('tot'), ...sets.map((s) => `xv${s}`)].map((a) => `(local $${a} v128)`).join(' ');
  return driver('sp_dw', DRIVERS.sp_dw, locals, body).replace('(param $p i32)', `(param $p i32) ${vecs}`);
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

/** $spdxcV: V vector accumulators over the entries j0…j1 of one tap (dy at dp + co·lane), added into dx at op. */
function spDxcKernel(f: Flavor, v: number): string {
  const accs = range(v).map((i) => `acc${i}`);
  return `(func $spdxc${v} (param $dp i32) (param $op i32) (param $j i32) (param $je i32) (param $cos i32) (param $vals i32) (param $lane i32)
  ${accs.map((a) => `(local $${a} v128)`).join(' ')} (local $w v128) (local $a i32)
  (block $jd (loop $jn
    (br_if $jd (i32.ge_s ${get('j')} ${get('je')}))
    ${set('a', add(get('dp'), mul(`(i32.load ${add(get('cos'), `(i32.shl ${get('j')} (i32.const 2))`)})`, get('lane'))))}
    ${set('w', `(v128.load32_splat ${add(get('vals'), `(i32.shl ${get('j')} (i32.const 2))`)})`)}
    ${range(v).map((i) => set(`acc${i}`, madd(f, `(v128.load${i ? ` offset=${16 * i}` : ''} align=4 ${get('a')})`, get('w'), get(`acc${i}`)))).join('\n')}
    ${set('j', add(get('j'), i32(1)))}
    (br $jn)))
  ${range(v).map((i) => `(v128.store${i ? ` offset=${16 * i}` : ''} align=4 ${get('op')} (f32x4.add (v128.load${i ? ` offset=${16 * i}` : ''} align=4 ${get('op')}) ${get(`acc${i}`)}))`).join('\n')})`;
}

/** dx of a convolution on its kept weights by tap, in the dense conv_dx order (see abi.ts sp_dxc). */
function spDxc(): string {
  const args = [get('dp'), add(get('ob'), mul(get('col'), get('lane'))), get('j0'), get('j1'), get('cos'), get('vals'), get('lane')].join(' ');
  let call = `(call $spdxc1 ${args})`;
  for (const v of range(MAX_V - 1).map((i) => i + 2)) call = `(if (i32.eq ${get('nv')} (i32.const ${v})) (then (call $spdxc${v} ${args})) (else ${call}))`;
  const body = `${set('boff', mul(get('task'), i32(4 * SPARSE_LANES)))}
${set('nv', `(i32.shr_u ${min(i32(SPARSE_LANES), sub(get('np'), mul(get('task'), i32(SPARSE_LANES))))} (i32.const 2))`)}
${forStep('pp', i32(0), get('ppi'), MR_S, `
  ${set('mr', min(i32(MR_S), sub(get('ppi'), get('pp'))))}
  ${forStep('fy', i32(0), get('kh'), 1, forStep('n0', i32(0), get('kwc'), PANEL, `
    ${set('n1', min(add(get('n0'), i32(PANEL)), get('kwc')))}
    ${forStep('r', i32(0), get('mr'), 1, `
      ${set('pix', add(get('pp'), get('r')))}
      ${set('oy', `(i32.div_u ${get('pix')} ${get('ow')})`)}
      ${set('dp', add(get('dy'), mul(get('pix'), get('dyPix')), get('boff')))}
      ${set('ob', add(get('dx'), mul(get('oy'), get('dxOy')), mul(get('fy'), get('dxRow')), mul(sub(get('pix'), mul(get('oy'), get('ow'))), get('dxOx')), get('boff')))}
      ${forStep('col', get('n0'), get('n1'), 1, `
        ${set('t', add(mul(get('fy'), get('kwc')), get('col')))}
        ${set('j0', `(i32.load ${add(get('rows'), `(i32.shl ${get('t')} (i32.const 2))`)})`)}
        ${set('j1', `(i32.load offset=4 ${add(get('rows'), `(i32.shl ${get('t')} (i32.const 2))`)})`)}
        (if (i32.lt_s ${get('j0')} ${get('j1')}) (then ${call}))`)}`)}`))}`)}`;
  return driver('sp_dxc', DRIVERS.sp_dxc, ['boff', 'nv', 'pp', 'mr', 'fy', 'n0', 'n1', 'r', 'pix', 'oy', 'dp', 'ob', 'col', 't', 'j0', 'j1'], body);
}

export function sparseGradDrivers(f: Flavor): string {
  return [spDw(f), ...range(MAX_V).map((i) => spDxKernel(f, i + 1)), spDx(), ...range(MAX_V).map((i) => spDxcKernel(f, i + 1)), spDxc()].join('\n');
}
