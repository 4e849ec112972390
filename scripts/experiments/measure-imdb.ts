// Measures the IMDB text classifier on the full data with the lab's own worker code path
// under Node (wasm): per-epoch test accuracy and time, then the tutorial's pruning
// experiments: 50 % of the dense layers (L1), 90 % with the embedding included, embedding
// row pruning, and one fine-tuning epoch. Usage: npx tsx scripts/experiments/measure-imdb.ts [--seed N]

import { mkdirSync, writeFileSync } from 'node:fs';
import type { PruneRequest } from '../../src/core/prune/controller';
import { backendName, memoryPeaks, openNodeLab } from './lib/nodeLab';

const argOf = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const seed = argOf('seed', 1);
const epochs = argOf('epochs', 3);
const memory = memoryPeaks();
const started = Date.now();
const lab = await openNodeLab('imdb', argOf('train', 25000), argOf('test', 25000), (e) => {
  if (e.type === 'epochEnd') console.log(`epoch ${e.epoch}: test accuracy ${(e.testAccuracy * 100).toFixed(2)}%`);
});
const loadSeconds = (Date.now() - started) / 1000;
const ready = lab.events.find((e) => e.type === 'dataReady');
console.log(`backend ${backendName()}, data loaded in ${loadSeconds.toFixed(1)} s`, ready);

const trainStart = Date.now();
await lab.session.train({ epochs, seed });
const done = lab.since(0, 'trainDone')[0];
const epochTimes = lab.since(0, 'epochEnd').map((e) => ({ epoch: e.epoch, accuracy: e.testAccuracy }));
console.log(`dense: ${(done.testAccuracy * 100).toFixed(2)}% in ${done.seconds.toFixed(1)} s (${done.imagesPerSec.toFixed(0)} reviews/s)`);

let id = 1;
async function prune(name: string, request: PruneRequest) {
  const from = lab.events.length;
  lab.session.previewPrune(id, request);
  await lab.session.measurePrune(id, true);
  id++;
  const stats = lab.since(from, 'pruneStats')[0].stats;
  const acc = lab.since(from, 'pruneAccuracy')[0];
  const sizes = lab.since(from, 'pruneSizes')[0].sizes;
  const row = {
    name,
    accuracy: acc.accuracy,
    sparsitySelected: stats.sparsity,
    sparsityAll: stats.sparsityAll,
    nonZero: sizes.nonZero,
    denseBytes: sizes.denseBytes,
    csrBytes: sizes.csrBytes,
    gzipBytes: sizes.gzipBytes,
    rowsKept: stats.layers.filter((l) => l.rows).map((l) => `${l.name}: ${(l.rows?.total ?? 0) - (l.rows?.pruned ?? 0)}/${l.rows?.total}`),
  };
  console.log(`${name}: ${(acc.accuracy * 100).toFixed(2)}% (selected sparsity ${(stats.sparsity * 100).toFixed(1)}%, all ${(stats.sparsityAll * 100).toFixed(1)}%)`);
  return row;
}

const dense = ['fc1', 'fc2'];
const all = ['embedding', 'fc1', 'fc2'];
const rows = [
  await prune('50% dense layers, per layer (tutorial)', { rate: 0.5, scope: 'layer', include: dense, cap: null }),
  await prune('90% dense layers, per layer', { rate: 0.9, scope: 'layer', include: dense, cap: null }),
  await prune('90% all layers incl. embedding, per layer', { rate: 0.9, scope: 'layer', include: all, cap: null }),
  await prune('90% all layers incl. embedding, global', { rate: 0.9, scope: 'global', include: all, cap: null }),
  await prune('50% embedding rows (by row norm) only', { rate: 0.5, scope: 'layer', include: ['embedding'], cap: null, rowLayers: ['embedding'] }),
  await prune('90% embedding rows (by row norm) only', { rate: 0.9, scope: 'layer', include: ['embedding'], cap: null, rowLayers: ['embedding'] }),
];
const ftRequest: PruneRequest = { rate: 0.9, scope: 'layer', include: all, cap: null };
rows.push(await prune('90% all layers incl. embedding, per layer (before fine-tuning)', ftRequest));
const ftFrom = lab.events.length;
await lab.session.finetune({ epochs: 1, seed: seed + 1 });
const ft = lab.since(ftFrom, 'trainDone')[0];
const ftStats = lab.since(ftFrom, 'pruneStats').at(-1)?.stats;
console.log(`after 1 fine-tuning epoch: ${(ft.testAccuracy * 100).toFixed(2)}% in ${ft.seconds.toFixed(1)} s, sparsity ${((ftStats?.sparsity ?? 0) * 100).toFixed(2)}%`);
const peaks = memory.stop();
console.log(`peak memory: heap ${peaks.heapMB.toFixed(0)} MB, array buffers ${peaks.arrayBuffersMB.toFixed(0)} MB, rss ${peaks.rssMB.toFixed(0)} MB`);

const result = {
  date: new Date().toISOString(),
  node: process.version,
  backend: backendName(),
  seed,
  epochs,
  data: ready,
  loadSeconds,
  dense: { accuracy: done.testAccuracy, seconds: done.seconds, reviewsPerSec: done.imagesPerSec, perEpoch: epochTimes },
  pruning: rows,
  finetune: { accuracy: ft.testAccuracy, seconds: ft.seconds, sparsity: ftStats?.sparsity },
  peakMemoryMB: peaks,
  totalSeconds: (Date.now() - trainStart) / 1000,
};
// Subset runs (smoke tests) never overwrite the full-data result.
const subset = argOf('train', 25000) < 25000 || argOf('test', 25000) < 25000 || epochs !== 3;
const out = `docs/results/imdb-pruning-seed${seed}${subset ? '-subset' : ''}.json`;
mkdirSync('docs/results', { recursive: true });
writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
console.log(`wrote ${out}`);
