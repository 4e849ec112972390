// A file cache of model weights (WeightSnapshot) for measurement scripts, so a long
// experiment can reuse a trained model instead of retraining it (minutes on the wasm
// backend). Stored under node_modules/.cache/prunelab/ (git-ignored): a JSON header of
// names and shapes followed by the float32 values.
// Why this file exists: measure-science.ts runs for half an hour; a re-run after a change
// to a later experiment should not pay for the dense training again.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WeightSnapshot } from '../../../src/core/weights';

export const CACHE_DIR = join(fileURLToPath(new URL('../../..', import.meta.url)), 'node_modules', '.cache', 'prunelab');

export interface CachedWeights {
  readonly snapshots: Readonly<Record<string, WeightSnapshot>>;
  readonly meta: Readonly<Record<string, number | string>>;
}

export function cachePath(key: string): string {
  return join(CACHE_DIR, `${key}.weights`);
}

export function saveWeights(key: string, data: CachedWeights): void {
  const entries = Object.entries(data.snapshots);
  const header = {
    meta: data.meta,
    snapshots: entries.map(([name, s]) => ({ name, names: s.names, shapes: s.shapes, lengths: s.values.map((v) => v.length) })),
  };
  const json = Buffer.from(JSON.stringify(header));
  const floats = entries.flatMap(([, s]) => s.values);
  const total = floats.reduce((n, v) => n + v.length, 0);
  const body = new Float32Array(total);
  let at = 0;
  for (const v of floats) {
    body.set(v, at);
    at += v.length;
  }
  const len = Buffer.alloc(4);
  len.writeUInt32LE(json.length);
  const file = cachePath(key);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, Buffer.concat([len, json, Buffer.from(body.buffer)]));
}

interface Header {
  meta: Record<string, number | string>;
  snapshots: { name: string; names: string[]; shapes: number[][]; lengths: number[] }[];
}

export function loadWeights(key: string): CachedWeights | null {
  const file = cachePath(key);
  if (!existsSync(file)) return null;
  const buf = readFileSync(file);
  const n = buf.readUInt32LE(0);
  const header = JSON.parse(buf.subarray(4, 4 + n).toString()) as Header;
  const bytes = buf.subarray(4 + n);
  const body = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  let at = 0;
  const snapshots: Record<string, WeightSnapshot> = {};
  for (const s of header.snapshots) {
    const values = s.lengths.map((len) => {
      const v = body.slice(at, at + len);
      at += len;
      return v;
    });
    snapshots[s.name] = { names: s.names, shapes: s.shapes, values };
  }
  if (at !== body.length) throw new Error(`weight cache ${file} is corrupt (${at} of ${body.length} floats read)`);
  return { snapshots, meta: header.meta };
}
