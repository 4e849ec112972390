// The sparse forward drivers, generated as WebAssembly text: a sparse-weight × dense-batch
// product with the batch in the SIMD lanes (dense layers and convolutions alike), and a
// strided 4-D copy that moves activations between NHWC and the batch-innermost layout.
//
// Why this file exists: a pruned layer's zeros cost the dense kernels as much as any weight.
// Here each output channel keeps only its nonzero weights (CSR: a row's byte offsets into
// the input and its values, in ascending input order, the order the dense kernels sum in),
// and every nonzero multiplies up to 32 images at once: the input is laid out [.., batch]
// (batch padded to a multiple of 4), so one weight times one vector load covers 4 images.
//   out[co, oy, ox, b] = Σ_{kept j of row co} w_j · x[oy·xOy + ox·xOx + off_j + 4b]
// A dense layer is the 1×1-pixel case (oh = ow = 1). The sum skips zeros but otherwise runs in
// the dense kernels' order with the same multiply-add, so outputs match them (bit for bit
// where no input is ±inf or NaN).
import { DRIVERS, MODE, SPARSE_LANES } from '../abi';
import { decls, madd, range, type Flavor } from './simd';
import { add, driver, forStep, get, i32, min, mul, set, sub } from './wat';

const MAX_V = SPARSE_LANES / 4;

/** $spkV: V vector accumulators over one row's nonzeros for one pixel, then bias / ReLU and store. */
function spKernel(f: Flavor, v: number): string {
  const accs = range(v).map((i) => `acc${i}`);
  const step = `(local.set $a (i32.add (local.get $xp) (i32.load (local.get $ob))))
(local.set $w (v128.load32_splat (local.get $vb)))
${range(v)
  .map((i) => `(local.set $acc${i} ${madd(f, `(v128.load${i ? ` offset=${16 * i}` : ''} align=4 (local.get $a))`, '(local.get $w)', `(local.get $acc${i})`)})`)
  .join('\n')}
(local.set $ob (i32.add (local.get $ob) (i32.const 4)))
(local.set $vb (i32.add (local.get $vb) (i32.const 4)))`;
  const each = (fn: (a: string) => string) => accs.map((a) => `(local.set $${a} ${fn(`(local.get $${a})`)})`).join('\n');
  return `(func $spk${v} (param $xp i32) (param $op i32) (param $ob i32) (param $vb i32) (param $cnt i32) (param $bias f32) (param $mode i32)
  ${decls('local', accs, 'v128')} (local $w v128) (local $a i32)
  (if (local.get $cnt) (then (loop $nz
    ${step}
    (br_if $nz (local.tee $cnt (i32.sub (local.get $cnt) (i32.const 1)))))))
  (if (i32.ge_u (local.get $mode) (i32.const ${MODE.bias})) (then
    (local.set $w (f32x4.splat (local.get $bias)))
    ${each((a) => `(f32x4.add ${a} (local.get $w))`)}
    (if (i32.eq (local.get $mode) (i32.const ${MODE.biasRelu})) (then
      ${each((a) => `(f32x4.max ${a} (v128.const i32x4 0 0 0 0))`)}))))
  ${accs.map((a, i) => `(v128.store${i ? ` offset=${16 * i}` : ''} align=4 (local.get $op) (local.get $${a}))`).join('\n')})`;
}

/** Calls $spkV for V = $nv (1…MAX_V). */
function dispatch(args: string): string {
  let out = `(call $spk1 ${args})`;
  for (const v of range(MAX_V - 1).map((i) => i + 2)) out = `(if (i32.eq (local.get $nv) (i32.const ${v})) (then (call $spk${v} ${args})) (else ${out}))`;
  return out;
}

/**
 * Task = (batch block of SPARSE_LANES images, chunk of coPerTask output channels); within it,
 * every channel, every output pixel: one kernel call over the channel's nonzeros.
 */
function spFwd(): string {
  const f4 = (x: string) => mul(x, i32(4));
  const args = [get('xp'), get('op'), add(get('offs'), f4(get('rs'))), add(get('vals'), f4(get('rs'))), sub(get('re'), get('rs')), get('bv'), get('mode')].join(' ');
  const body = `${set('cc', `(i32.div_u ${get('task')} ${get('bBlocks')})`)}
${set('b0', mul(sub(get('task'), mul(get('cc'), get('bBlocks'))), i32(SPARSE_LANES)))}
${set('nv', `(i32.shr_u ${min(i32(SPARSE_LANES), sub(get('np'), get('b0')))} (i32.const 2))`)}
${set('pb', f4(get('np')))}
${set('co1', min(add(mul(get('cc'), get('coPerTask')), get('coPerTask')), get('cout')))}
${forStep('co', mul(get('cc'), get('coPerTask')), get('co1'), 1, `
  ${set('rs', `(i32.load ${add(get('rows'), f4(get('co')))})`)}
  ${set('re', `(i32.load offset=4 ${add(get('rows'), f4(get('co')))})`)}
  (local.set $bv (if (result f32) ${get('bias')} (then (f32.load ${add(get('bias'), f4(get('co')))})) (else (f32.const 0))))
  ${set('op', add(get('out'), mul(get('co'), get('oh'), get('ow'), get('pb')), f4(get('b0'))))}
  ${forStep('oy', i32(0), get('oh'), 1, `
    ${set('xp', add(get('x'), mul(get('oy'), get('xOy')), f4(get('b0'))))}
    ${forStep('ox', i32(0), get('ow'), 1, `${dispatch(args)}
      ${set('xp', add(get('xp'), get('xOx')))}
      ${set('op', add(get('op'), get('pb')))}`)}`)}`)}`;
  return driver('sp_fwd', DRIVERS.sp_fwd, ['cc', 'b0', 'nv', 'pb', 'co1', 'co', 'rs', 're', 'op', 'oy', 'xp', 'ox'], body).replace(
    '(param $p i32)',
    '(param $p i32) (local $bv f32)',
  );
}

/** dst[i0,i1,i2,i3] = src[i0,i1,i2,i3] with byte strides s* (src) and t* (dst); task = perTask values of i0. */
function permute(): string {
  const body = `${set('e0', min(add(mul(get('task'), get('perTask')), get('perTask')), get('d0')))}
${forStep('i0', mul(get('task'), get('perTask')), get('e0'), 1, forStep('i1', i32(0), get('d1'), 1, forStep('i2', i32(0), get('d2'), 1, `
  ${set('a', add(get('src'), mul(get('i0'), get('s0')), mul(get('i1'), get('s1')), mul(get('i2'), get('s2'))))}
  ${set('b', add(get('dst'), mul(get('i0'), get('t0')), mul(get('i1'), get('t1')), mul(get('i2'), get('t2'))))}
  ${forStep('i3', i32(0), get('d3'), 1, `(f32.store ${get('b')} (f32.load ${get('a')}))
    ${set('a', add(get('a'), get('s3')))} ${set('b', add(get('b'), get('t3')))}`)}`)))}`;
  return driver('permute', DRIVERS.permute, ['e0', 'i0', 'i1', 'i2', 'i3', 'a', 'b'], body);
}

export function sparseDrivers(f: Flavor): string {
  return [...range(MAX_V).map((i) => spKernel(f, i + 1)), spFwd(), permute()].join('\n');
}
