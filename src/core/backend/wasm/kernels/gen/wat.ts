// Small WAT-writing helpers for the generated kernel drivers: exported task functions that
// read their arguments from an i32 block in memory, counted loops, i32 arithmetic.
//
// Why this file exists: every driver (convolutions, matrix products, pooling, sums) has the
// same calling convention — `(func (export name) (param $task i32) (param $p i32))`, where
// $p points at the driver's i32 arguments — and the same loop shapes.

/** i32 expression helpers (operands are WAT expressions). */
export const get = (name: string): string => `(local.get $${name})`;
export const set = (name: string, value: string): string => `(local.set $${name} ${value})`;
export const i32 = (n: number): string => `(i32.const ${n})`;
export const add = (...xs: string[]): string => xs.reduce((a, b) => `(i32.add ${a} ${b})`);
export const sub = (a: string, b: string): string => `(i32.sub ${a} ${b})`;
export const mul = (...xs: string[]): string => xs.reduce((a, b) => `(i32.mul ${a} ${b})`);
export const div = (a: string, b: string): string => `(i32.div_u ${a} ${b})`;
export const min = (a: string, b: string): string => `(select ${a} ${b} (i32.lt_s ${a} ${b}))`;
export const lt = (a: string, b: string): string => `(i32.lt_s ${a} ${b})`;

/** `for (i = from; i < to; i += step) body` (the bound is re-evaluated each time: keep it a local). */
export function forStep(i: string, from: string, to: string, step: string | number, body: string): string {
  const inc = typeof step === 'number' ? i32(step) : step;
  return `${set(i, from)}
(block $done_${i} (loop $next_${i}
  (br_if $done_${i} (i32.ge_s ${get(i)} ${to}))
  ${body}
  ${set(i, add(get(i), inc))}
  (br $next_${i})))`;
}

/** A task function: `names` are read from the argument block at $p (4 bytes each), `locals` are scratch. */
export function driver(name: string, names: readonly string[], locals: readonly string[], body: string): string {
  const decl = [...names, ...locals].map((n) => `(local $${n} i32)`).join(' ');
  const loads = names.map((n, i) => set(n, `(i32.load offset=${4 * i} ${get('p')})`)).join('\n');
  return `(func $${name} (export "${name}") (param $task i32) (param $p i32) ${decl}
${loads}
${body})`;
}

/**
 * `for (d = 0; d < c; d += 4)` over the channels of one pixel (locals $d and $c): full vectors,
 * then the 1–3 channel tail; `body(lanes)` sees the channel index in $d.
 */
export function channels(body: (lanes: number) => string): string {
  const tail = [1, 2, 3].map((l) => `(if (i32.eq (i32.sub ${get('c')} ${get('d')}) (i32.const ${l})) (then ${body(l)}))`).join('\n');
  return `${set('d', i32(0))}
(block $vdone (loop $vnext
  (br_if $vdone (i32.gt_s (i32.add ${get('d')} (i32.const 4)) ${get('c')}))
  ${body(4)}
  ${set('d', add(get('d'), i32(4)))}
  (br $vnext)))
${tail}`;
}
