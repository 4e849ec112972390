// Test helper: whether two weight snapshots hold the same names, shapes and bit-identical
// values (a byte comparison: element-wise deep equality of 60,000 floats is slow).

import type { WeightSnapshot } from '../weights';

const bytes = (v: Float32Array) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);

export function sameWeights(a: WeightSnapshot | undefined, b: WeightSnapshot | undefined): boolean {
  if (!a || !b || a.names.length !== b.names.length) return false;
  return a.names.every((name, i) => {
    if (name !== b.names[i] || a.shapes[i].join() !== b.shapes[i].join()) return false;
    const [x, y] = [bytes(a.values[i]), bytes(b.values[i])];
    return x.length === y.length && x.every((v, k) => v === y[k]);
  });
}
