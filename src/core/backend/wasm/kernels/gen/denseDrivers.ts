// The non-convolution drivers, generated as WebAssembly text: the matrix product (A·B or
// Aᵀ·B, with bias and ReLU), a transpose, panel packing, column sums (bias gradients) and
// the zero-padding / cropping of NHWC images.
//
// Why this file exists: these are the remaining hot kernels of a LeNet-5 training step;
// each is a task function so the thread pool can split it (see ../pool.ts).
import { DRIVERS, MR_C, MR_S, PANEL } from '../abi';
import { callC, callS } from './convDrivers';
import { loadLanes, storeLanes } from './simd';
import { add, channels, div, driver, forStep, get, i32, min, mul, set, sub } from './wat';

const f4 = (x: string) => mul(x, i32(4));
const blk = (mr: string, cols: string) => `(call $blk ${mr} ${cols})`;

function matmul(): string {
  const rowsS = forStep('m0', get('m0s'), get('m1'), MR_S, callS(
    [add(get('a'), mul(get('m0'), get('aRow'))), get('aRow'), i32(0), add(get('b'), f4(get('n0'))), get('bK'), i32(1), i32(0), get('k'),
      add(get('c'), f4(add(mul(get('m0'), get('n')), get('n0')))), get('ldc'), i32(0), get('mode'), add(get('bias'), f4(get('n0')))],
    blk(min(i32(MR_S), sub(get('m1'), get('m0'))), sub(get('n1'), get('n0'))),
  ));
  const rowsC = forStep('m0', get('m0s'), get('m1'), MR_C, callC(
    [add(get('a'), f4(get('m0'))), add(get('b'), f4(get('n0'))), get('bK'), i32(1), i32(0), i32(1), i32(0), get('k'), get('aK'),
      add(get('c'), f4(add(mul(get('m0'), get('n')), get('n0')))), get('ldc'), get('mode'), add(get('bias'), f4(get('n0')))],
    blk(min(i32(MR_C), sub(get('m1'), get('m0'))), sub(get('n1'), get('n0'))),
  ));
  const body = `${set('mb', div(get('task'), get('nBlocks')))}
${set('m0s', mul(get('mb'), get('mBlock')))}
${set('m1', min(add(get('m0s'), get('mBlock')), get('m')))}
${set('n0s', mul(sub(get('task'), mul(get('mb'), get('nBlocks'))), get('nBlock')))}
${set('n1', min(add(get('n0s'), get('nBlock')), get('n')))}
${set('ldc', f4(get('n')))}
${forStep('n0', get('n0s'), get('n1'), PANEL, `(if (i32.eq ${get('aK')} (i32.const 4)) (then ${rowsS}) (else ${rowsC}))`)}`;
  return driver('matmul', DRIVERS.matmul, ['mb', 'm0s', 'm1', 'n0s', 'n1', 'ldc', 'n0', 'm0'], body);
}

function transpose(): string {
  const body = `${set('i1', min(add(mul(get('task'), get('rowsPerTask')), get('rowsPerTask')), get('r')))}
${forStep('i', mul(get('task'), get('rowsPerTask')), get('i1'), 1, `
  ${set('s', add(get('src'), f4(mul(get('i'), get('c')))))}
  ${set('d', add(get('dst'), f4(get('i'))))}
  ${set('rs', f4(get('r')))}
  ${forStep('j', i32(0), get('c'), 1, `(f32.store ${get('d')} (f32.load ${get('s')}))
    ${set('s', add(get('s'), i32(4)))} ${set('d', add(get('d'), get('rs')))}`)}`)}`;
  return driver('transpose', DRIVERS.transpose, ['i1', 'i', 's', 'd', 'rs', 'j'], body);
}

function colSum(): string {
  const step = (lanes: number) =>
    storeLanes(lanes, `(i32.add ${get('o')} ${f4(get('d'))})`, `(f32x4.add ${loadLanes(lanes, `(i32.add ${get('o')} ${f4(get('d'))})`)} ${loadLanes(lanes, `(i32.add ${get('s')} ${f4(get('d'))})`)})`);
  const body = `${set('o', add(get('partial'), f4(mul(get('task'), get('c')))))}
(memory.fill ${get('o')} (i32.const 0) ${f4(get('c'))})
${set('r1', min(add(mul(get('task'), get('rowsPerTask')), get('rowsPerTask')), get('r')))}
${forStep('row', mul(get('task'), get('rowsPerTask')), get('r1'), 1, `${set('s', add(get('x'), f4(mul(get('row'), get('c')))))}
  ${channels(step)}`)}`;
  return driver('col_sum', DRIVERS.col_sum, ['o', 'r1', 'row', 's', 'd'], body);
}

/** PANEL-wide panels of a matrix's column groups (see abi.ts `pack`); task = group. */
function pack(): string {
  const src = add(get('src'), mul(get('task'), get('sG')), mul(get('kk'), get('sK')), mul(add(get('col'), get('jj')), get('sN')));
  const body = `${set('d', add(get('dst'), mul(get('task'), get('panels'), get('k'), i32(4 * PANEL))))}
${forStep('col', i32(0), mul(get('panels'), i32(PANEL)), PANEL, forStep('kk', i32(0), get('k'), 1, forStep('jj', i32(0), i32(PANEL), 1, `
  (f32.store ${get('d')} (if (result f32) (i32.lt_s ${add(get('col'), get('jj'))} ${get('gLen')}) (then (f32.load ${src})) (else (f32.const 0))))
  ${set('d', add(get('d'), i32(4)))}`)))}`;
  return driver('pack', DRIVERS.pack, ['d', 'col', 'kk', 'jj'], body);
}

/** pad (toPadded) or crop: copies each image row between the plain and the padded layout. */
function padOrCrop(name: 'pad' | 'crop'): string {
  const plain = add(get(name === 'pad' ? 'src' : 'dst'), f4(mul(add(mul(get('task'), get('ih')), get('y')), get('iw'), get('c'))));
  const padded = add(get(name === 'pad' ? 'dst' : 'src'), f4(mul(add(add(mul(get('task'), get('ihp')), get('y')), get('pt')), get('iwp'), get('c'))), f4(mul(get('pl'), get('c'))));
  const [to, from] = name === 'pad' ? [padded, plain] : [plain, padded];
  const fill = name === 'pad' ? `(memory.fill ${add(get('dst'), f4(mul(get('task'), get('ihp'), get('iwp'), get('c'))))} (i32.const 0) ${f4(mul(get('ihp'), get('iwp'), get('c')))})` : '';
  const body = `${fill}
${forStep('y', i32(0), get('ih'), 1, `(memory.copy ${to} ${from} ${f4(mul(get('iw'), get('c')))})`)}`;
  return driver(name, DRIVERS[name], ['y'], body);
}

export function denseDrivers(): string {
  return [matmul(), transpose(), pack(), colSum(), padOrCrop('pad'), padOrCrop('crop')].join('\n');
}
