// Where a multi-seed measurement puts its results: one JSON per seed, written as soon as
// the seed is done, and the markdown report over the seeds, re-rendered after each seed
// (or, with --report-only, from the JSONs an earlier run wrote).
// Why this file exists: measure-pruning, measure-imdb and measure-science keep their
// results the same way, so that a long run can be split by seed and reported at the end.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { log } from './log';

export interface SeedOutput<T> {
  readonly jsonFile: (seed: number) => string;
  readonly mdFile: string;
  readonly markdown: (runs: readonly T[]) => string;
}

/** A seed's JSON as this version of the script writes it (older files lack the commit: re-run them). */
export function readSeedJson<T>(out: SeedOutput<T>, seed: number): T {
  const file = out.jsonFile(seed);
  const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof data !== 'object' || data === null || !('commit' in data)) throw new Error(`${file} was written by an older version of the script: measure seed ${seed} again`);
  return data as T;
}

/** Writes the report of `seeds` from their JSONs (no measurement). */
export function reportOnly<T>(out: SeedOutput<T>, seeds: readonly number[]): void {
  writeFileSync(out.mdFile, out.markdown(seeds.map((seed) => readSeedJson(out, seed))));
  log(`wrote ${out.mdFile} from ${seeds.map(out.jsonFile).join(', ')}`);
}

/** Writes one seed's JSON and the report over `runs` (the seeds done so far, this one last). */
export function saveSeed<T>(out: SeedOutput<T>, seed: number, runs: readonly T[]): void {
  const run = runs.at(-1);
  mkdirSync(dirname(out.jsonFile(seed)), { recursive: true });
  writeFileSync(out.jsonFile(seed), `${JSON.stringify(run, null, 2)}\n`);
  writeFileSync(out.mdFile, out.markdown(runs));
  log(`wrote ${out.jsonFile(seed)} and ${out.mdFile}`);
}

/** Runs each seed in turn, saving after each. */
export async function runSeeds<T>(seeds: readonly number[], out: SeedOutput<T>, run: (seed: number) => Promise<T>): Promise<T[]> {
  const runs: T[] = [];
  for (const seed of seeds) {
    const started = performance.now();
    runs.push(await run(seed));
    saveSeed(out, seed, runs);
    log(`seed ${seed} done in ${((performance.now() - started) / 60000).toFixed(1)} min`);
  }
  return runs;
}
