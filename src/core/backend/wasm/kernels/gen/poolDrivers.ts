// The 2×2 stride-2 max-pool drivers, generated as WebAssembly text: the forward pool and its
// gradient, SIMD over channels, split by output rows across the thread pool.
//
// Why this file exists: LeNet-5 pools twice per step, forward and backward, over its largest
// activations; both follow the cpu backend exactly: NaNs never win a window (a window of NaNs
// and -inf gives -inf forward and no gradient), and the first maximum in window order (top-left,
// top-right, bottom-left, bottom-right) takes the gradient.
import { DRIVERS } from '../abi';
import { loadLanes, storeLanes } from './simd';
import { add, channels, div, driver, forStep, get, i32, min, mul, set, sub } from './wat';

const f4 = (x: string) => mul(x, i32(4));
const vlocals = (names: readonly string[]) => names.map((n) => `(local $${n} v128)`).join(' ');

/** out = max over each 2×2 window: m = pmax(m, v) from -inf keeps the first of equal values and skips NaN. */
function pool2(): string {
  const at = (base: string, off: string) => `(i32.add ${get(base)} (i32.add ${off} ${f4(get('d'))}))`;
  const step = (lanes: number) => {
    const pmax = (m: string, off: string) => `(f32x4.pmax ${m} ${loadLanes(lanes, at('i', off))})`;
    return storeLanes(lanes, at('o', i32(0)), pmax(pmax(pmax(pmax('(local.get $ninf)', i32(0)), get('cb')), get('xRow')), add(get('xRow'), get('cb'))));
  };
  const body = `${set('r1', min(add(mul(get('task'), get('rowsPerTask')), get('rowsPerTask')), get('rows')))}
${set('cb', f4(get('c')))}
(local.set $ninf (v128.const f32x4 -inf -inf -inf -inf))
${forStep('row', mul(get('task'), get('rowsPerTask')), get('r1'), 1, `
  ${set('n', div(get('row'), get('oh')))}
  ${set('src', add(get('x'), mul(get('n'), get('xImg')), mul(sub(get('row'), mul(get('n'), get('oh'))), get('xRow'), i32(2))))}
  ${set('dst', add(get('out'), mul(get('row'), get('ow'), get('cb'))))}
  ${forStep('oc', i32(0), get('ow'), 1, `
    ${set('i', add(get('src'), mul(get('oc'), get('cb'), i32(2))))} ${set('o', add(get('dst'), mul(get('oc'), get('cb'))))}
    ${channels(step)}`)}`)}`;
  return driver('pool2', DRIVERS.pool2, ['r1', 'cb', 'row', 'n', 'src', 'dst', 'oc', 'i', 'o', 'd'], body).replace('(param $p i32)', `(param $p i32) ${vlocals(['ninf'])}`);
}

/** dx of a 2×2/2 max pool: the first maximum of each window (cpu order) gets dy; NaN/-inf-only windows get nothing. */
function pool2Grad(): string {
  const at = (base: string, off: string) => `(i32.add ${get(base)} ${off})`;
  const d4 = f4(get('d'));
  const step = (lanes: number) => {
    const ld = (base: string, off: string) => loadLanes(lanes, at(base, add(off, d4)));
    const st = (off: string, w: string) => storeLanes(lanes, at('o', add(off, d4)), `(v128.and (local.get $g) (local.get $${w}))`);
    const pick = (v: string, w: string, earlier: string[]) =>
      `(local.set $t (f32x4.gt (local.get $${v}) (local.get $m)))
(local.set $m (v128.bitselect (local.get $${v}) (local.get $m) (local.get $t)))
${earlier.map((e) => `(local.set $${e} (v128.andnot (local.get $${e}) (local.get $t)))`).join(' ')}
(local.set $${w} (local.get $t))`;
    return `(local.set $v0 ${ld('i', i32(0))}) (local.set $v1 ${ld('i', get('cb'))})
(local.set $v2 ${ld('i', get('rb'))}) (local.set $v3 ${ld('i', add(get('rb'), get('cb')))})
(local.set $g ${loadLanes(lanes, at('gp', d4))})
(local.set $w0 (f32x4.gt (local.get $v0) (local.get $ninf)))
(local.set $m (v128.bitselect (local.get $v0) (local.get $ninf) (local.get $w0)))
${pick('v1', 'w1', ['w0'])}
${pick('v2', 'w2', ['w0', 'w1'])}
${pick('v3', 'w3', ['w0', 'w1', 'w2'])}
${st(i32(0), 'w0')} ${st(get('cb'), 'w1')} ${st(get('rb'), 'w2')} ${st(add(get('rb'), get('cb')), 'w3')}`;
  };
  const body = `${set('r1', min(add(mul(get('task'), get('rowsPerTask')), get('rowsPerTask')), get('rows')))}
${set('cb', f4(get('c')))}
${set('rb', mul(get('cb'), get('ow'), i32(2)))}
(local.set $ninf (v128.const f32x4 -inf -inf -inf -inf))
${forStep('row', mul(get('task'), get('rowsPerTask')), get('r1'), 1, forStep('oc', i32(0), get('ow'), 1, `
  ${set('off', add(mul(get('row'), get('rb'), i32(2)), mul(get('oc'), get('cb'), i32(2))))}
  ${set('i', add(get('x'), get('off')))} ${set('o', add(get('dx'), get('off')))}
  ${set('gp', add(get('dy'), mul(add(mul(get('row'), get('ow')), get('oc')), get('cb'))))}
  ${channels(step)}`))}`;
  return driver('pool2_grad', DRIVERS.pool2_grad, ['r1', 'cb', 'rb', 'row', 'oc', 'off', 'i', 'o', 'gp', 'd'], body).replace(
    '(param $p i32)',
    `(param $p i32) ${vlocals(['v0', 'v1', 'v2', 'v3', 'g', 'm', 't', 'w0', 'w1', 'w2', 'w3', 'ninf'])}`,
  );
}

export function poolDrivers(): string {
  return [pool2(), pool2Grad()].join('\n');
}
