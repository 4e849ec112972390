// WebAssembly text (WAT) snippets shared by the kernel generators: the multiply-add that
// differs between the relaxed-SIMD and plain-SIMD builds, and loads/stores of a vector
// that holds only the first 1–4 lanes of a row (the columns left over at a matrix edge).
//
// Why this file exists: every generated kernel reads and writes partial vectors the same
// way, and the two builds must differ in exactly one place (the FMA).

/** Options of one generated module: relaxed SIMD (fused multiply-add) or plain SIMD, and the k loops' unrolling (1, 2 or 4). */
export interface Flavor {
  readonly relaxed: boolean;
  readonly unroll: number;
}

/** acc + a·b as WAT: one relaxed FMA, or a multiply and an add. */
export function madd(f: Flavor, a: string, b: string, acc: string): string {
  return f.relaxed ? `(f32x4.relaxed_madd ${a} ${b} ${acc})` : `(f32x4.add (f32x4.mul ${a} ${b}) ${acc})`;
}

/** Loads `lanes` (1–4) floats from `addr` + `offset` bytes into the low lanes of a vector (the rest zero). */
export function loadLanes(lanes: number, addr: string, offset = 0): string {
  const off = offset ? ` offset=${offset}` : '';
  switch (lanes) {
    case 4:
      return `(v128.load${off} align=4 ${addr})`;
    case 2:
      return `(v128.load64_zero${off} align=4 ${addr})`;
    case 1:
      return `(v128.load32_zero${off} ${addr})`;
    case 3:
      return `(v128.load32_lane offset=${offset + 8} 2 ${addr} (v128.load64_zero${off} align=4 ${addr}))`;
    default:
      throw new Error(`loadLanes: ${lanes} lanes`);
  }
}

/** Stores the low `lanes` (1–4) floats of `value` at `addr` + `offset` bytes. `addr` is read twice for 3 lanes. */
export function storeLanes(lanes: number, addr: string, value: string, offset = 0): string {
  const off = offset ? ` offset=${offset}` : '';
  switch (lanes) {
    case 4:
      return `(v128.store${off} align=4 ${addr} ${value})`;
    case 2:
      return `(v128.store64_lane${off} align=4 0 ${addr} ${value})`;
    case 1:
      return `(v128.store32_lane${off} 0 ${addr} ${value})`;
    case 3:
      return `(v128.store64_lane${off} align=4 0 ${addr} ${value}) (v128.store32_lane offset=${offset + 8} 2 ${addr} ${value})`;
    default:
      throw new Error(`storeLanes: ${lanes} lanes`);
  }
}

/** `n` WAT parameter or local declarations of one type, named prefix0…prefix{n-1}. */
export function decls(kind: 'param' | 'local', names: readonly string[], type: string): string {
  return names.map((n) => `(${kind} $${n} ${type})`).join(' ');
}

export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
