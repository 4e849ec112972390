import { describe, expect, it } from 'vitest';
import { crc32 } from '../io/zip';
import { decodeCompressed, encodeCompressed } from './format';
import { dequantize, type QuantizedKernel, type QuantizedModel } from './quantized';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function kernel(name: string, shape: number[], bits: number, keep: number, random: () => number): QuantizedKernel {
  const size = shape.reduce((a, b) => a * b, 1);
  const mask = Uint8Array.from({ length: size }, () => (random() < keep ? 1 : 0));
  // a long run of pruned weights, longer than any index width can hold in one gap
  mask.fill(0, 10, 700);
  const k = 2 ** bits;
  const kept = mask.reduce((a, b) => a + b, 0);
  const centroids = Float32Array.from({ length: k }, () => random() * 2 - 1);
  const codes = Uint16Array.from({ length: kept }, () => Math.floor(random() * random() * k));
  return { kind: 'quantized', name, shape, bits, centroids, mask, codes };
}

function model(): QuantizedModel {
  const random = rng(5);
  return {
    modelId: 'lenet5',
    weights: [
      kernel('conv1/kernel', [5, 5, 1, 20], 8, 0.66, random),
      { kind: 'raw', name: 'conv1/bias', shape: [20], values: Float32Array.from({ length: 20 }, () => random() - 0.5) },
      kernel('fc1/kernel', [800, 50], 5, 0.08, random),
      { kind: 'raw', name: 'fc1/bias', shape: [50], values: Float32Array.from({ length: 50 }, () => random() - 0.5) },
    ],
  };
}

const bitsOf = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('compressed model file', () => {
  it('decodes to bit-identical weights and the same masks', () => {
    const m = model();
    const { bytes, layers } = encodeCompressed(m);
    const back = decodeCompressed(bytes);
    expect(back.modelId).toBe('lenet5');
    const a = dequantize(m);
    const b = dequantize(back);
    expect(b.names).toEqual(a.names);
    expect(b.shapes).toEqual(a.shapes);
    a.values.forEach((v, i) => expect(bitsOf(b.values[i])).toEqual(bitsOf(v)));
    // Every byte of the file is accounted for: layers, raw weights, header and checksum.
    const raw = (20 + 50) * 4 + 2 * (1 + 1 + 4 + 1) + 'conv1/bias'.length + 'fc1/bias'.length;
    const fixed = 4 + 1 + 1 + 'lenet5'.length + 2 + 4;
    expect(layers.reduce((s, l) => s + l.total, 0) + raw + fixed).toBe(bytes.length);
  });

  it('is smaller than the fixed-width codes it replaces', () => {
    const m = model();
    const { layers } = encodeCompressed(m);
    const fc1 = layers.find((l) => l.name === 'fc1/kernel');
    const q = m.weights[2] as QuantizedKernel;
    expect(fc1 && fc1.codes < (q.codes.length * 5) / 8 + 4).toBe(true);
  });

  it('refuses a corrupt byte, a truncated file, another file and another version', () => {
    const { bytes } = encodeCompressed(model());
    const flipped = bytes.slice();
    flipped[200] ^= 0x10;
    expect(() => decodeCompressed(flipped)).toThrow(/checksum/);
    expect(() => decodeCompressed(bytes.slice(0, bytes.length - 100))).toThrow(/corrupt or truncated/);
    expect(() => decodeCompressed(bytes.slice(0, 3))).toThrow(/PLDC/);
    expect(() => decodeCompressed(new TextEncoder().encode('PK\u0003\u0004 a zip file'))).toThrow(/PLDC/);
    const v2 = bytes.slice();
    v2[4] = 2;
    new DataView(v2.buffer).setUint32(v2.length - 4, crc32(v2.subarray(0, v2.length - 4)), true);
    expect(() => decodeCompressed(v2)).toThrow(/version 2 is not supported/);
  });
});
