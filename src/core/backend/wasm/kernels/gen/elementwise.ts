// The elementwise driver, generated as WebAssembly text: out = a ⊕ b over rows of `c` floats,
// where b is either a second tensor of the same shape or one row broadcast to every row (a
// bias, or a scalar repeated), for ⊕ = add, subtract, multiply, divide, the ReLU gradient
// b · step(a) (a the ReLU's input, b = dy), and of a alone ReLU, step, square root and square.
//
// Why this file exists: the training step's bias adds, ReLUs, ReLU gradients and optimizer
// updates (momentum SGD; Adam's square, square root and division for the IMDB model) are
// memory-bound passes over the largest tensors; tfjs-wasm runs them on one thread, these run
// SIMD and split by rows across the thread pool.
import { DRIVERS, EW_OP, EW_UNARY } from '../abi';
import { loadLanes, storeLanes } from './simd';
import { add, channels, driver, forStep, get, i32, min, mul, set } from './wat';

const f4 = (x: string) => mul(x, i32(4));

function op(code: number, a: string, b: string): string {
  switch (code) {
    case EW_OP.add:
      return `(f32x4.add ${a} ${b})`;
    case EW_OP.mul:
      return `(f32x4.mul ${a} ${b})`;
    case EW_OP.relu:
      return `(f32x4.max ${a} (v128.const i32x4 0 0 0 0))`;
    case EW_OP.step:
      return stepOf('(local.get $va)', '(local.get $alphaV)');
    case EW_OP.sub:
      return `(f32x4.sub ${a} ${b})`;
    case EW_OP.div:
      return `(f32x4.div ${a} ${b})`;
    case EW_OP.sqrt:
      return `(f32x4.sqrt ${a})`;
    case EW_OP.square:
      return `(f32x4.mul ${a} ${a})`;
    default:
      // reluGrad: b · step(a'), where the driver loaded the saved ReLU input into $va and dy is b
      return `(f32x4.mul ${b} ${stepOf('(local.get $va)', '(v128.const i32x4 0 0 0 0)')})`;
  }
}

/** step: 1 where v > 0, alpha elsewhere, NaN stays NaN (as on the cpu backend). */
function stepOf(v: string, alpha: string): string {
  return `(v128.bitselect ${v} (v128.bitselect (v128.const f32x4 1 1 1 1) ${alpha} (f32x4.gt ${v} (v128.const i32x4 0 0 0 0))) (f32x4.ne ${v} ${v}))`;
}

export function elementwiseDriver(): string {
  const at = (base: string, lanes: number) => loadLanes(lanes, `(i32.add ${get(base)} ${f4(get('d'))})`);
  const loops = Object.values(EW_OP)
    .map((code) => {
      const body = (lanes: number) =>
        `(local.set $va ${at('pa', lanes)})
${storeLanes(lanes, `(i32.add ${get('po')} ${f4(get('d'))})`, op(code, '(local.get $va)', EW_UNARY.includes(code) ? '' : at('pb', lanes)))}`;
      return `(if (i32.eq ${get('op')} (i32.const ${code})) (then
  ${forStep('row', get('r0'), get('r1'), 1, `${set('pa', add(get('a'), f4(mul(get('row'), get('c')))))}
    ${set('po', add(get('out'), f4(mul(get('row'), get('c')))))}
    ${set('pb', add(get('b'), mul(get('row'), get('bRow'))))}
    ${channels(body)}`)}))`;
    })
    .join('\n');
  const body = `${set('r0', mul(get('task'), get('rowsPerTask')))}
${set('r1', min(add(get('r0'), get('rowsPerTask')), get('rows')))}
(local.set $alphaV (f32x4.splat (f32.reinterpret_i32 ${get('alpha')})))
${loops}`;
  return driver('ew', DRIVERS.ew, ['r0', 'r1', 'row', 'pa', 'pb', 'po', 'd'], body).replace('(param $p i32)', '(param $p i32) (local $va v128) (local $alphaV v128)');
}
