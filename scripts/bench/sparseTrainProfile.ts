// Where a LeNet-5 training step (batch 64) with masks held at the 90 % global densities spends
// its time, kernel by kernel (tf.profile), on the sparse training kernels and on the dense ones.
//   npx tsx scripts/bench/sparseTrainProfile.ts [--steps 10]
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { useBackendForTest } from '../../src/core/backend/testWasmSetup';
import { HeldSparsity, setSparseTrainingEnabled } from '../../src/core/backend/wasm/heldSparsity';
import { batch, makeLeNet } from '../../src/core/backend/wasm/testLenet';
import { seededValues } from '../../src/core/backend/wasm/testHelpers';

const { values: opt } = parseArgs({ options: { steps: { type: 'string', default: '10' }, profile: { type: 'boolean', default: false } } });
await useBackendForTest('wasm');
const net = makeLeNet(1);
const KEEP: Record<number, number> = { 0: 0.86, 2: 0.3, 4: 0.08, 6: 0.43 };
const idx = Object.keys(KEEP).map(Number);
const masks = idx.map((i) => Uint8Array.from(seededValues(net.vars[i].size, 50 + i), (u) => ((u + 1) / 2 < KEEP[i] ? 1 : 0)));
const held = new HeldSparsity(idx.map((i) => net.vars[i].shape), masks);
const maskT = idx.map((i, j) => tf.tensor(masks[j], net.vars[i].shape, 'bool'));
const apply = () => {
  tf.tidy(() => idx.forEach((i, j) => net.vars[i].assign(tf.where(maskT[j], net.vars[i], tf.zerosLike(net.vars[i])))));
  held.mark(idx.map((i) => net.vars[i].dataId));
};
const { xs, ys } = batch(64, 3);
const sgd = tf.train.momentum(0.01, 0.5);
const step = () => {
  const l = sgd.minimize(() => tf.losses.softmaxCrossEntropy(ys, net.logits(xs)), true, net.vars);
  l?.dispose();
  apply();
};
apply();
const steps = Number(opt.steps);
for (const way of ['dense', 'sparse', 'dense', 'sparse']) {
  setSparseTrainingEnabled(way === 'sparse');
  for (let i = 0; i < 3; i++) step();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) step();
  const c = process.cpuUsage(c0);
  console.log(`${way}: ${((performance.now() - t0) / steps).toFixed(1)} ms/step wall, ${((c.user + c.system) / 1000 / steps).toFixed(1)} ms/step CPU`);
  if (opt.profile) {
    const prof = await tf.profile(() => step());
    const by = new Map<string, number>();
    for (const k of prof.kernels) by.set(k.name, (by.get(k.name) ?? 0) + (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0));
    console.log([...by].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([n, ms]) => `  ${n} ${ms.toFixed(2)}`).join('\n'));
  }
}
