// N:M semi-structured sparsity against unstructured pruning on full MNIST (LeNet-5), with the
// same src/core code the browser runs (tfjs wasm backend under Node):
//   2:4 (magnitude, every layer)          one-shot, and after 1 fine-tuning epoch (masks held)
//   unstructured 50 % (magnitude, per layer) one-shot, and after 1 fine-tuning epoch
//   1:4, 4:8 and unstructured 75 %       one-shot only
// with each variant's sparsity (counted zeros), per-layer sparsity, and sizes (dense f32,
// CSR, N:M values + indices). Fine-tuning uses the app's defaults (SGD lr 0.01, momentum
// 0.5, batch 64) with seed + 1; the 2:4 pattern is re-checked after it.
// Writes docs/results/nm.json and docs/results/nm.md (mean ± sd over the seeds);
// subset runs (--train/--test below the full sets) write to /tmp instead.
//
// Usage: nice -n 10 npx tsx scripts/experiments/measure-nm.ts [--seeds 1,2,3 | --seed N]
//        [--train N] [--test N] [--no-cache] [--report-only]

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { accuracyOf, maskWeights, heldMasksOf, trainMasked, type LabContext } from '../../src/core/lab/context';
import { getModelSpec } from '../../src/core/nets/registry';
import { writeWeights, snapshotWeights } from '../../src/core/train/modelWeights';
import { PruneController } from '../../src/core/prune/controller';
import { chainFanInOrders, checkNm, nmSpec } from '../../src/core/prune/nmMasks';
import { nmSizeReport, sizeReport, type TensorForSize } from '../../src/core/stats/size';
import { methodFor, type NmPattern, type PruneMethod } from '../../src/core/method';
import { kernelName, kernelShape, layerCounts, sparsityTotals, type WeightSnapshot } from '../../src/core/weights';
import { argNumber } from '../cliArgs';
import { denseLenet, mnistOnWasm } from './lib/denseLenet';
import { nmMarkdown, type NmJson, type NmVariant } from './lib/nmReport';
import { runInfo, seedsFromArgs } from './lib/runInfo';

const seeds = seedsFromArgs();
const trainCount = argNumber('train', 60000);
const testCount = argNumber('test', 10000);
const useCache = !process.argv.includes('--no-cache');
const subset = trainCount < 60000 || testCount < 10000;
const outJson = subset ? '/tmp/nm-subset.json' : join('docs', 'results', 'nm.json');
const outMd = subset ? '/tmp/nm-subset.md' : join('docs', 'results', 'nm.md');
const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

if (process.argv.includes('--report-only')) {
  writeFileSync(outMd, nmMarkdown(JSON.parse(readFileSync(outJson, 'utf8')) as NmJson));
  log(`wrote ${outMd} from ${outJson}`);
  process.exit(0);
}

const spec = getModelSpec('lenet5');
const layers = spec.prunableLayers;
const { mnist, train, test } = await mnistOnWasm(trainCount, testCount);
const started = performance.now();
const info = runInfo();

interface Plan {
  readonly id: string;
  readonly label: string;
  readonly method: PruneMethod;
  readonly finetune: boolean;
  readonly nm: NmPattern | null;
}
const nm = (pattern: NmPattern, finetune: boolean): Plan => ({
  id: `nm${pattern.replace(':', '')}`,
  label: `N:M ${pattern}`,
  method: methodFor(layers, { structure: 'nm', nm: pattern }),
  finetune,
  nm: pattern,
});
const unstructured = (rate: number, finetune: boolean): Plan => ({
  id: `u${rate * 100}`,
  label: `unstructured ${rate * 100} % (per layer)`,
  method: methodFor(layers, { rate, scope: 'layer' }),
  finetune,
  nm: null,
});
const plans: Plan[] = [nm('2:4', true), unstructured(0.5, true), nm('1:4', false), unstructured(0.75, false), nm('4:8', false)];

function tensorsOf(w: WeightSnapshot): TensorForSize[] {
  const prunable = new Set(layers.map(kernelName));
  return w.names.map((name, i) => ({ name, shape: w.shapes[i], values: w.values[i], prunable: prunable.has(name) }));
}

/** Groups (over all layers, in the exported layout) that break the pattern. */
function violations(w: WeightSnapshot, pattern: NmPattern): number {
  const orders = chainFanInOrders(layers.map((l) => kernelShape(w, l)));
  return layers.reduce((n, l, i) => n + checkNm(w.values[w.names.indexOf(kernelName(l))], kernelShape(w, l), nmSpec(pattern), orders[i]).violations, 0);
}

const results: NmJson = { ...info, settings: { ...spec.defaults, train: train.count, test: test.count, finetuneEpochs: 1 }, seeds: [] };
for (const seed of seeds) {
  const { model, dense, trainSeconds, cached } = await denseLenet(mnist, train, seed, log, useCache);
  const ctx: LabContext = { model, layers, task: spec.task, trainSet: train, testSet: test };
  writeWeights(model, dense);
  const denseAccuracy = await accuracyOf(ctx);
  log(`seed ${seed}: dense ${(denseAccuracy * 100).toFixed(2)} %`);
  const denseSizes = sizeReport(tensorsOf(dense));
  const controller = new PruneController(layers, dense);
  const variants: NmVariant[] = [];
  for (const plan of plans) {
    const outcome = controller.compute(plan.method);
    const weights = maskWeights(dense, layers, outcome);
    writeWeights(model, weights);
    const oneShot = await accuracyOf(ctx);
    const counts = layerCounts(weights, layers, layers);
    const sizes = sizeReport(tensorsOf(weights));
    let finetuned: NmVariant['finetuned'] = null;
    if (plan.finetune) {
      const t0 = performance.now();
      await trainMasked(ctx, heldMasksOf(ctx, outcome), { ...spec.defaults, epochs: 1, seed: seed + 1 });
      const tuned = await snapshotWeights(model);
      finetuned = {
        accuracy: await accuracyOf(ctx),
        sparsity: sparsityTotals(layerCounts(tuned, layers, layers), 'all').sparsity,
        patternViolations: plan.nm ? violations(tuned, plan.nm) : null,
        seconds: (performance.now() - t0) / 1000,
      };
    }
    variants.push({
      id: plan.id,
      label: plan.label,
      pattern: plan.nm,
      sparsity: sparsityTotals(counts, 'all').sparsity,
      layers: counts.map((c) => ({ name: c.name, size: c.size, zeros: c.zeros })),
      oneShot,
      finetuned,
      bytes: { dense: sizes.denseBytes, csr: sizes.csrBytes, bitmask: sizes.bitmaskBytes, nm: plan.nm ? nmSizeReport(tensorsOf(weights), plan.nm).bytes : null },
    });
    log(`  ${plan.label}: ${(variants.at(-1)?.sparsity ?? 0).toFixed(4)} zeros, one-shot ${(oneShot * 100).toFixed(2)} %` + (finetuned ? `, after 1 epoch ${(finetuned.accuracy * 100).toFixed(2)} %` : ''));
  }
  results.seeds.push({ seed, dense: { accuracy: denseAccuracy, trainSeconds, cached, bytes: denseSizes.denseBytes }, variants });
  model.dispose();
  const out = { ...results, totalSeconds: (performance.now() - started) / 1000 };
  mkdirSync(join('docs', 'results'), { recursive: true });
  writeFileSync(outJson, `${JSON.stringify(out, null, 2)}\n`);
  writeFileSync(outMd, nmMarkdown(out));
  log(`wrote ${outJson} and ${outMd}`);
}
