// The convolution drivers, generated as WebAssembly text: forward conv, the filter gradient
// dW and the input gradient dx of an NHWC convolution, each as loops over register blocks
// handed to the micro-kernels (microKernels.ts) through the function table.
//
// Why this file exists: it maps each convolution onto the two micro-kernel families without
// materialising im2col:
//   forward  out[pixel, co] = Σ_fy Σ_(fx,ci) x[pixel + fy row, (fx,ci)] · W[(fy,fx,ci), co]
//            (S family: MR output pixels of one row; each filter row is a contiguous segment)
//   dW       dW[(fy,fx,ci), co] = Σ_pixels x[pixel shifted by fy, (fx,ci)] · dy[pixel, co]
//            (C family: MR consecutive (fx,ci) of one filter row are adjacent in memory)
//   dx       dx[pixel + (fy,fx), ci] += Σ_co dy[pixel, co] · W[(fy,fx,ci), co]
//            (S family on Wᵀ, accumulated into dx: col2im fused into the epilogue)
// Inputs are padded beforehand (the `pad` driver) so no block reads outside its image.
import { C_BASE, DRIVERS, DW_CHUNK_IMAGES, MODE, MR_C, MR_S, NV_MAX, PANEL } from '../abi';
import { add, div, driver, forStep, get, i32, min, mul, set, sub } from './wat';

/** `(func $blk mr cols)`: table index of the block with mr rows and min(cols, PANEL) columns (S family). */
export const BLOCK_INDEX_FUNC = `(func $blk (param $mr i32) (param $cols i32) (result i32) (local $nv i32) (local $tail i32)
  (local.set $cols (select (local.get $cols) (i32.const ${PANEL}) (i32.lt_s (local.get $cols) (i32.const ${PANEL}))))
  (local.set $nv (i32.shr_u (i32.add (local.get $cols) (i32.const 3)) (i32.const 2)))
  (local.set $tail (i32.sub (local.get $cols) (i32.shl (i32.sub (local.get $nv) (i32.const 1)) (i32.const 2))))
  (i32.add (i32.shl (i32.add (i32.mul (i32.sub (local.get $mr) (i32.const 1)) (i32.const ${NV_MAX})) (i32.sub (local.get $nv) (i32.const 1))) (i32.const 2))
    (i32.sub (local.get $tail) (i32.const 1))))`;

const blk = (mr: string, cols: string) => `(call $blk ${mr} ${cols})`;
const f4 = (x: string) => mul(x, i32(4));

export function callS(args: readonly string[], index: string): string {
  return `(call_indirect (type $mkS) ${args.join(' ')} ${index})`;
}
export function callC(args: readonly string[], index: string): string {
  return `(call_indirect (type $mkC) ${args.join(' ')} (i32.add (i32.const ${C_BASE}) ${index}))`;
}

function convFwd(): string {
  const body = `${set('row', mul(get('task'), get('rowsPerTask')))}
${set('end', min(add(get('row'), get('rowsPerTask')), get('rows')))}
${set('ldo', f4(get('cout')))}
(block $done (loop $rows
  (br_if $done (i32.ge_s ${get('row')} ${get('end')}))
  ${set('b', div(get('row'), get('oh')))}
  ${set('xr', add(get('x'), mul(get('b'), get('xImg')), mul(sub(get('row'), mul(get('b'), get('oh'))), get('xOy'))))}
  ${set('orow', add(get('out'), mul(get('row'), get('ow'), get('ldo'))))}
  ${forStep('n0', i32(0), get('cout'), PANEL, forStep('ox', i32(0), get('ow'), MR_S, callS(
    [add(get('xr'), mul(get('ox'), get('pix'))), get('pix'), add(get('w'), f4(get('n0'))), get('ldo'), get('kh'), get('xFy'), get('kwc'),
      add(get('orow'), f4(add(mul(get('ox'), get('cout')), get('n0')))), get('ldo'), get('mode'), add(get('bias'), f4(get('n0')))],
    blk(min(i32(MR_S), sub(get('ow'), get('ox'))), sub(get('cout'), get('n0'))),
  )))}
  ${set('row', add(get('row'), i32(1)))}
  (br $rows)))`;
  return driver('conv_fwd', DRIVERS.conv_fwd, ['row', 'end', 'ldo', 'b', 'xr', 'orow', 'n0', 'ox'], body);
}

function convDw(): string {
  const fy = div(get('t'), get('tilesPerSpan'));
  const body = `${set('t0', mul(get('task'), get('tilesPerTask')))}
${set('t1', min(add(get('t0'), get('tilesPerTask')), get('tiles')))}
${set('ldo', f4(get('cout')))}
${forStep('c0', i32(0), get('n'), DW_CHUNK_IMAGES, `
  ${set('mode', `(select (i32.const ${MODE.store}) (i32.const ${MODE.accumulate}) (i32.eqz ${get('c0')}))`)}
  ${forStep('t', get('t0'), get('t1'), 1, `
    ${set('fy', fy)}
    ${set('j0', mul(sub(get('t'), mul(get('fy'), get('tilesPerSpan'))), i32(MR_C)))}
    ${set('mr', min(i32(MR_C), sub(get('kwc'), get('j0'))))}
    ${forStep('n0', i32(0), get('cout'), PANEL, callC(
      [add(get('x'), mul(get('c0'), get('xImg')), mul(get('fy'), get('xFy')), f4(get('j0'))),
        add(get('dy'), f4(add(mul(get('c0'), get('oh'), get('ow'), get('cout')), get('n0')))), get('ldo'),
        min(i32(DW_CHUNK_IMAGES), sub(get('n'), get('c0'))), get('xImg'), get('oh'), get('xOy'), get('ow'), get('pix'),
        add(get('out'), f4(add(mul(add(mul(get('fy'), get('kwc')), get('j0')), get('cout')), get('n0')))), get('ldo'), get('mode'), i32(0)],
      blk(get('mr'), sub(get('cout'), get('n0'))),
    ))}`)}`)}`;
  return driver('conv_dw', DRIVERS.conv_dw, ['t0', 't1', 'ldo', 'c0', 'mode', 't', 'fy', 'j0', 'mr', 'n0'], body);
}

function convDx(): string {
  const body = `${set('img', f4(mul(get('ihp'), get('iwp'), get('cin'))))}
${set('dxb', add(get('dx'), mul(get('task'), get('img'))))}
(memory.fill ${get('dxb')} (i32.const 0) ${get('img')})
${set('ldc', f4(mul(get('sw'), get('cin'))))}
${forStep('oy', i32(0), get('oh'), 1, forStep('fy', i32(0), get('kh'), 1, `
  ${set('crow', add(get('dxb'), f4(mul(add(mul(get('oy'), get('sh')), get('fy')), get('iwp'), get('cin')))))}
  ${forStep('n0', i32(0), get('kwc'), PANEL, forStep('ox', i32(0), get('ow'), MR_S, callS(
    [add(get('dy'), f4(mul(add(mul(add(mul(get('task'), get('oh')), get('oy')), get('ow')), get('ox')), get('cout')))), f4(get('cout')),
      add(get('wt'), f4(add(mul(get('fy'), get('kwc')), get('n0')))), f4(get('k')), i32(1), i32(0), get('cout'),
      add(get('crow'), mul(get('ox'), get('ldc')), f4(get('n0'))), get('ldc'), i32(MODE.accumulate), i32(0)],
    blk(min(i32(MR_S), sub(get('ow'), get('ox'))), sub(get('kwc'), get('n0'))),
  )))}`))}`;
  return driver('conv_dx', DRIVERS.conv_dx, ['img', 'dxb', 'ldc', 'oy', 'fy', 'crow', 'n0', 'ox'], body);
}

export function convDrivers(): string {
  return [convFwd(), convDw(), convDx()].join('\n');
}
