// The sparse forward convolution of a single-channel input (LeNet-5's conv1), generated as
// WebAssembly text: conv1Driver.ts's blocks (8 neighbouring output pixels of one row in two
// vectors × 4 output channels, a 4×4 transpose per vector into NHWC), but each channel sums
// only its kept taps, read from a CSR (byte offsets into the input row block and values).
//
// Why this file exists: the batch-innermost sparse kernel (sparseDrivers.ts) pays two layout
// copies per call, more than a 25-tap layer saves; here there is no copy and no im2col: the input
// is read where it lies, and the output written in place. Each output is the dense kernel's sum
// without its zero terms, in the same (fy, fx) order, with the same multiply-add and epilogue,
// so results are bit for bit conv1_fwd's.
import { DRIVERS } from '../abi';
import { acc, epilogue, oneChannelLoops } from './conv1Driver';
import { madd, range, type Flavor } from './simd';
import { add, driver, get, i32, mul, set, sub } from './wat';

const f4 = (x: string) => mul(x, i32(4));
const lg = (n: string) => `(local.get ${n})`;
const ls = (n: string, v: string) => `(local.set ${n} ${v})`;

/** Channel c of the block at $xr0: its kept taps (rows[co + c] … rows[co + c + 1]) into nv accumulators. */
function channel(f: Flavor, nv: number, c: number): string {
  const label = `$nz${nv}_${c}`;
  return `${set('jo', add(get('offs'), f4(`(i32.load offset=${4 * c} ${get('rp')})`)))}
${set('je', add(get('offs'), f4(`(i32.load offset=${4 * c + 4} ${get('rp')})`)))}
${set('jv', add(get('vals'), sub(get('jo'), get('offs'))))}
(block ${label}_done (loop ${label}
  (br_if ${label}_done (i32.ge_u ${get('jo')} ${get('je')}))
  ${set('xp', add(get('xr0'), `(i32.load ${get('jo')})`))}
  ${ls('$wb', `(v128.load32_splat ${get('jv')})`)}
  ${range(nv)
    .map((v) => ls(acc(c, v), madd(f, lg('$wb'), `(v128.load${v ? ` offset=${16 * v}` : ''} align=4 ${get('xp')})`, lg(acc(c, v)))))
    .join('\n')}
  ${set('jo', add(get('jo'), i32(4)))}
  ${set('jv', add(get('jv'), i32(4)))}
  (br ${label})))`;
}

function block(f: Flavor, nv: number): string {
  const zero = range(4).flatMap((c) => range(nv).map((v) => ls(acc(c, v), '(v128.const i32x4 0 0 0 0)')));
  return `${zero.join('\n')}
${range(4)
  .map((c) => channel(f, nv, c))
  .join('\n')}
${epilogue(nv)}`;
}

/** out[row, ox, co] for rows = N·OH output rows of a stride-1 one-channel conv; needs ow % 4 = 0 and cout % 4 = 0. */
export function sparseConv1Driver(f: Flavor): string {
  const body = oneChannelLoops('', set('rp', add(get('csr'), f4(get('co')))), (nv) => block(f, nv));
  const vlocals = [...range(4).flatMap((c) => range(2).map((v) => acc(c, v))), '$wb', '$t0', '$t1', '$t2', '$t3'].map((n) => `(local ${n} v128)`).join(' ');
  return driver('sp1_fwd', DRIVERS.sp1_fwd, ['r1', 'ldo', 'row', 'n', 'xr', 'orow', 'ox', 'co', 'xr0', 'rp', 'bp', 'ob', 'jo', 'je', 'jv', 'xp'], body).replace(
    '(param $p i32)',
    `(param $p i32) ${vlocals}`,
  );
}
