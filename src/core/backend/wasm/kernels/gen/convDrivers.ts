// The convolution drivers, generated as WebAssembly text: forward conv, the filter gradient
// dW and the input gradient dx of an NHWC convolution, each as loops over register blocks
// handed to the micro-kernels (microKernels.ts) through the function table.
//
// Why this file exists: it maps each convolution onto the two micro-kernel families without
// materialising im2col:
//   forward  out[pixel, co] = Σ_fy Σ_(fx,ci) x[pixel + fy row, (fx,ci)] · W[(fy,fx,ci), co]
//            (S family: MR output pixels, possibly across output rows (a table of their input
//            offsets); each filter row is a contiguous segment; W packed into PANEL-wide panels)
//   dW       dW[(fy,fx,ci), co] = Σ_pixels x[pixel shifted by fy, (fx,ci)] · dy[pixel, co]
//            (C family: MR consecutive (fx,ci) of one filter row are adjacent in memory; with few
//            row tiles (LeNet's conv1: 5) the images are also split into groups, each summed into
//            its own partial dW, and the partials added in group order afterwards)
//   dx       dx[pixel + (fy,fx), ci] += Σ_co dy[pixel, co] · W[(fy,fx,ci), co]
//            (S family on Wᵀ packed per filter row, accumulated into dx: col2im fused into the
//            epilogue, whose rows come from a table of the block's pixel offsets in dx)
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

/**
 * Row-offset table of the task's current block: for pixels P…P+mr-1 (flattened image, oy, ox),
 * table[r] = img·imgBytes + oy·rowBytes + ox·pixBytes (oh from the driver's $oh). Uses locals $img $oy $ox $r.
 */
function pixelTable(tab: string, first: string, mr: string, pixPerImg: string, ow: string, imgBytes: string, rowBytes: string, pixBytes: string): string {
  return `${set('img', div(first, pixPerImg))}
${set('ox', sub(first, mul(get('img'), pixPerImg)))}
${set('oy', div(get('ox'), ow))}
${set('ox', sub(get('ox'), mul(get('oy'), ow)))}
${forStep('r', i32(0), mr, 1, `(i32.store ${add(tab, f4(get('r')))} ${add(mul(get('img'), imgBytes), mul(get('oy'), rowBytes), mul(get('ox'), pixBytes))})
  ${set('ox', add(get('ox'), i32(1)))}
  (if (i32.eq ${get('ox')} ${ow}) (then ${set('ox', i32(0))} ${set('oy', add(get('oy'), i32(1)))}))
  (if (i32.eq ${get('oy')} ${get('oh')}) (then ${set('oy', i32(0))} ${set('img', add(get('img'), i32(1)))}))`)}`;
}

const TABLE_LOCALS = ['img', 'oy', 'ox', 'r'];

function convFwd(): string {
  const k = mul(get('kh'), get('kwc'));
  const body = `${set('p0', mul(get('task'), get('pixPerTask')))}
${set('p1', min(add(get('p0'), get('pixPerTask')), get('pixels')))}
${set('tab', add(get('scratch'), mul(get('task'), i32(32))))}
${set('ldo', f4(get('cout')))}
${set('ppi', mul(get('oh'), get('ow')))}
${set('panel', mul(k, i32(4 * PANEL)))}
${forStep('pp', get('p0'), get('p1'), MR_S, `
  ${set('mr', min(i32(MR_S), sub(get('p1'), get('pp'))))}
  ${pixelTable(get('tab'), get('pp'), get('mr'), get('ppi'), get('ow'), get('xImg'), get('xOy'), get('pix'))}
  ${set('wp', get('w'))}
  ${forStep('n0', i32(0), get('cout'), PANEL, `${callS(
    [get('x'), i32(0), get('tab'), get('wp'), i32(4 * PANEL), get('kh'), get('xFy'), get('kwc'),
      add(get('out'), f4(add(mul(get('pp'), get('cout')), get('n0')))), get('ldo'), i32(0), get('mode'), add(get('bias'), f4(get('n0')))],
    blk(get('mr'), sub(get('cout'), get('n0'))),
  )}
    ${set('wp', add(get('wp'), get('panel')))}`)}`)}`;
  return driver('conv_fwd', DRIVERS.conv_fwd, ['p0', 'p1', 'tab', 'ldo', 'ppi', 'panel', 'pp', 'mr', 'wp', 'n0', ...TABLE_LOCALS], body);
}

function convDw(): string {
  const fy = div(get('t'), get('tilesPerSpan'));
  const body = `${set('tileTasks', div(add(get('tiles'), sub(get('tilesPerTask'), i32(1))), get('tilesPerTask')))}
${set('g', div(get('task'), get('tileTasks')))}
${set('t0', mul(sub(get('task'), mul(get('g'), get('tileTasks'))), get('tilesPerTask')))}
${set('t1', min(add(get('t0'), get('tilesPerTask')), get('tiles')))}
${set('ldo', f4(get('cout')))}
${set('dst', add(get('out'), mul(get('g'), get('groupBytes'))))}
${set('cg', mul(get('g'), get('imagesPerGroup')))}
${forStep('c0', get('cg'), min(add(get('cg'), get('imagesPerGroup')), get('n')), DW_CHUNK_IMAGES, `
  ${set('mode', `(select (i32.const ${MODE.store}) (i32.const ${MODE.accumulate}) (i32.eq ${get('c0')} ${get('cg')}))`)}
  ${forStep('t', get('t0'), get('t1'), 1, `
    ${set('fy', fy)}
    ${set('j0', mul(sub(get('t'), mul(get('fy'), get('tilesPerSpan'))), i32(MR_C)))}
    ${set('mr', min(i32(MR_C), sub(get('kwc'), get('j0'))))}
    ${forStep('n0', i32(0), get('cout'), PANEL, callC(
      [add(get('x'), mul(get('c0'), get('xImg')), mul(get('fy'), get('xFy')), f4(get('j0'))),
        add(get('dy'), f4(add(mul(get('c0'), get('oh'), get('ow'), get('cout')), get('n0')))), get('ldo'),
        min(i32(DW_CHUNK_IMAGES), sub(get('n'), get('c0'))), get('xImg'), get('oh'), get('xOy'), get('ow'), get('pix'),
        add(get('dst'), f4(add(mul(add(mul(get('fy'), get('kwc')), get('j0')), get('cout')), get('n0')))), get('ldo'), get('mode'), i32(0)],
      blk(get('mr'), sub(get('cout'), get('n0'))),
    ))}`)}`)}`;
  return driver('conv_dw', DRIVERS.conv_dw, ['tileTasks', 'g', 't0', 't1', 'ldo', 'dst', 'cg', 'c0', 'mode', 't', 'fy', 'j0', 'mr', 'n0'], body);
}

function convDx(): string {
  const body = `${set('bytes', f4(mul(get('ihp'), get('iwp'), get('cin'))))}
${set('dxb', add(get('dx'), mul(get('task'), get('bytes'))))}
(memory.fill ${get('dxb')} (i32.const 0) ${get('bytes')})
${set('tab', add(get('scratch'), mul(get('task'), i32(32))))}
${set('ppi', mul(get('oh'), get('ow')))}
${set('wpanel', mul(get('cout'), i32(4 * PANEL)))}
${forStep('pp', i32(0), get('ppi'), MR_S, `
  ${set('mr', min(i32(MR_S), sub(get('ppi'), get('pp'))))}
  ${pixelTable(get('tab'), get('pp'), get('mr'), get('ppi'), get('ow'), i32(0), f4(mul(get('sh'), get('iwp'), get('cin'))), f4(mul(get('sw'), get('cin'))))}
  ${set('wp', get('wt'))}
  ${forStep('fy', i32(0), get('kh'), 1, forStep('n0', i32(0), get('kwc'), PANEL, `${callS(
    [add(get('dy'), f4(mul(add(mul(get('task'), get('ppi')), get('pp')), get('cout')))), f4(get('cout')), i32(0), get('wp'), i32(4 * PANEL), i32(1), i32(0), get('cout'),
      add(get('dxb'), f4(add(mul(get('fy'), get('iwp'), get('cin')), get('n0')))), i32(0), get('tab'), i32(MODE.accumulate), i32(0)],
    blk(get('mr'), sub(get('kwc'), get('n0'))),
  )}
    ${set('wp', add(get('wp'), get('wpanel')))}`))}`)}`;
  return driver('conv_dx', DRIVERS.conv_dx, ['bytes', 'dxb', 'tab', 'ppi', 'wpanel', 'pp', 'mr', 'wp', 'fy', 'n0', ...TABLE_LOCALS], body);
}

export function convDrivers(): string {
  return [convFwd(), convDw(), convDx()].join('\n');
}
