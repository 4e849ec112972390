// `npm run gpu-check`: the lab core on tfjs-backend-webgpu in Node through Dawn. Prints
// the adapter, checks every training kernel's gradients against tfjs `cpu`, trains
// LeNet-5 (batch 64 and 512) and the IMDB model on real data, measures inference,
// profiles a training step per kernel, and loses the GPU device mid-training to show the
// run carrying on. On a software adapter (no GPU) every part runs with small step counts.
// The last line is one JSON object (see Summary); --details FILE writes everything else.
//
//   --parts adapter,grad,train,infer,imdb,profile,loss   (default: all but adapter-only)
//   --quick | --full      step counts (default: quick on a software adapter, else full)
//   --data DIR            prepared data (default public/data)
//   --details FILE        per-weight errors, kernel lists, profiles, loss-check details
// Exit codes: 0 ok, 1 a check failed, 3 no WebGPU adapter.

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { activateWebgpu, requestDawnAdapter } from './dawn';
import { checkGradients, type GradCheck } from './gradCheck';
import { loadLabData } from './harnessTools';
import { deviceLossCheck, type DeviceLossCheck } from './lossCheck';
import { inferenceThroughput, profileStep, trainThroughput, type StepProfile, type TrainFigure } from './throughput';

const GRAD_TOLERANCE = 1e-3;
const PARTS = ['adapter', 'grad', 'train', 'infer', 'imdb', 'profile', 'loss'] as const;
type Part = (typeof PARTS)[number];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/**
 * Step counts and batch sizes: `full` for a GPU, `quick` for a software adapter (about
 * 10 images/s). loss: [batch, steps, lose after step, snapshot every ms]; the quick run
 * snapshots only at the start, so the recovery replays every step before the loss.
 */
const PLANS = {
  full: { gradBatch: 64, lenet: [64, 300, 20], lenetBig: [512, 100, 5], imdb: [64, 300, 10], infer: [10000, 1000], loss: [64, 60, 30, 200], queuedSteps: 20, maxSeconds: 40 },
  quick: { gradBatch: 4, lenet: [16, 3, 1], lenetBig: null, imdb: [8, 2, 1], infer: [128, 64], loss: [8, 6, 3, 1e9], queuedSteps: 1, maxSeconds: 120 },
} as const;

interface Summary {
  backend: 'webgpu';
  adapter: string | null;
  software: boolean | null;
  mode?: 'quick' | 'full';
  gradMaxRelErr?: number;
  trainBatch?: number;
  trainImagesPerSec?: number;
  trainImagesPerSec512?: number;
  inferImagesPerSec?: number;
  imdbReviewsPerSec?: number;
  deviceLossRecovered?: boolean;
  ok: boolean;
}

const log = (line: string) => console.log(`gpu-check: ${line}`);
const fmt = (v: number, digits = 1) => v.toFixed(digits);

async function main(): Promise<number> {
  const parts = new Set<Part>((arg('parts') ?? PARTS.filter((p) => p !== 'adapter').join(',')).split(',') as Part[]);
  for (const p of parts) if (!PARTS.includes(p)) throw new Error(`unknown part ${p} (have ${PARTS.join(', ')})`);
  const dawn = await requestDawnAdapter();
  if (!dawn) {
    log('no WebGPU adapter: Vulkan found no driver (see scripts/gpu/README.md)');
    console.log(JSON.stringify({ backend: 'webgpu', adapter: null, software: null, ok: false } satisfies Summary));
    return 3;
  }
  const mode = process.argv.includes('--full') ? 'full' : process.argv.includes('--quick') || dawn.software ? 'quick' : 'full';
  const plan = PLANS[mode];
  log(`adapter: ${dawn.name} (${dawn.software ? 'software' : 'hardware'}), ${mode} run; features: ${dawn.features.join(' ')}`);
  const summary: Summary = { backend: 'webgpu', adapter: dawn.name, software: dawn.software, mode, ok: true };
  const details: Record<string, unknown> = { adapter: dawn.name, features: dawn.features, mode, date: new Date().toISOString() };
  if (parts.size === 1 && parts.has('adapter')) {
    console.log(JSON.stringify(summary));
    return 0;
  }
  await activateWebgpu(dawn);
  const defaultData = fileURLToPath(new URL('../../public/data/', import.meta.url));
  const data = await loadLabData(arg('data') ?? defaultData, 60000, plan.infer[0]);

  if (parts.has('grad')) {
    const checks: GradCheck[] = [];
    for (const m of [data.lenet, data.imdb]) {
      const c = await checkGradients(m, plan.gradBatch);
      checks.push(c);
      log(`${c.model} gradients (batch ${c.batch}): max relative error ${c.gradMaxRelErr.toExponential(2)}, logits ${c.logitsRelErr.toExponential(2)}, one masked optimizer step ${c.stepRelErr.toExponential(2)}`);
      log(`${c.model} kernels: ${c.kernels.join(' ')}`);
    }
    summary.gradMaxRelErr = Math.max(...checks.map((c) => c.gradMaxRelErr));
    if (!(summary.gradMaxRelErr <= GRAD_TOLERANCE)) summary.ok = false;
    details.gradients = checks;
  }

  const trained: TrainFigure[] = [];
  const train = async (which: 'lenet' | 'imdb', [batch, steps, warmup]: readonly [number, number, number]) => {
    const m = which === 'imdb' ? data.imdb : data.lenet;
    const r = await trainThroughput(m, batch, steps, { warmup, maxSeconds: plan.maxSeconds });
    trained.push(r.figure);
    const unit = which === 'imdb' ? 'reviews' : 'images';
    log(`${m.name} training, batch ${batch}: ${fmt(r.figure.perSec)} ${unit}/s over ${r.figure.steps} steps; loss ${fmt(r.figure.lossFirst, 3)} → ${fmt(r.figure.lossLast, 3)}`);
    return r;
  };
  if (parts.has('train') || parts.has('infer')) {
    const small = await train('lenet', plan.lenet);
    summary.trainBatch = small.figure.batch;
    summary.trainImagesPerSec = small.figure.perSec;
    if (parts.has('infer')) {
      const inf = await inferenceThroughput(data.lenet, small.model, data.mnistTest, plan.infer[1]);
      summary.inferImagesPerSec = inf.perSec;
      log(`LeNet-5 inference, batch ${plan.infer[1]}: ${fmt(inf.perSec)} images/s over ${inf.images} test images (accuracy ${fmt(100 * inf.accuracy)} % after ${small.figure.steps} training steps)`);
      details.inference = inf;
    }
    small.model.dispose();
    if (parts.has('train') && plan.lenetBig) {
      const big = await train('lenet', plan.lenetBig);
      summary.trainImagesPerSec512 = big.figure.perSec;
      big.model.dispose();
    } else if (parts.has('train')) log('LeNet-5 training, batch 512: skipped in a quick run');
  }
  if (parts.has('imdb')) {
    const r = await train('imdb', plan.imdb);
    summary.imdbReviewsPerSec = r.figure.perSec;
    r.model.dispose();
  }
  details.training = trained;

  if (parts.has('profile')) {
    const profiles: Record<string, StepProfile> = {};
    const runs = [[data.lenet, plan.lenet[0]], ...(plan.lenetBig ? [[data.lenet, plan.lenetBig[0]] as const] : []), [data.imdb, plan.imdb[0]]] as const;
    for (const [m, batch] of runs) {
      const p = await profileStep(m, batch, plan.queuedSteps);
      profiles[`${m.name} batch ${batch}`] = p;
      const total = p.kernels.reduce((s, k) => s + k.ms, 0);
      log(`${m.name} batch ${batch} step profile (GPU ms): ${p.kernels.slice(0, 6).map((k) => `${k.kernel} ${fmt(k.ms, 2)}`).join(', ')}; total ${fmt(total, 2)}`);
      log(`${m.name} batch ${batch}: ${p.kernelsPerStep} kernels per step; queueing a step takes ${fmt(p.queueMsPerStep, 2)} ms of JavaScript, a step ${fmt(p.wallMsPerStep, 2)} ms in all`);
    }
    details.profiles = profiles;
  }

  if (parts.has('loss')) {
    const [batch, steps, loseAt, snapshotEveryMs] = plan.loss;
    const c: DeviceLossCheck = await deviceLossCheck(data.lenet, { batch, steps, loseAt, snapshotEveryMs, fallback: 'cpu' });
    summary.deviceLossRecovered = c.ok;
    if (!c.ok) summary.ok = false;
    const r = c.recovery;
    log(
      `device loss: destroyed after step ${c.lostAfterStep}; ${r ? `moved to ${r.backend} (${r.reason}), resumed at step ${r.resumedAtStep}, ${r.redoneSteps} steps redone` : 'no recovery'}; ` +
        `${c.steps} steps done; sparsity ${Object.values(c.finalSparsity).map((s) => fmt(100 * s)).join('/')} % (masks ${Object.values(c.maskSparsity).map((s) => fmt(100 * s)).join('/')} %); ` +
        `loss ${fmt(c.lossBefore, 3)} before, ${fmt(c.lossAfter, 3)} after${c.ok ? '' : `; PROBLEMS: ${c.problems.join('; ')}`}`,
    );
    details.deviceLoss = c;
  }

  const detailsFile = arg('details');
  if (detailsFile) writeFileSync(detailsFile, JSON.stringify({ summary, ...details }, null, 1));
  console.log(JSON.stringify(summary));
  return summary.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    console.log(JSON.stringify({ backend: 'webgpu', adapter: null, software: null, ok: false, error: e instanceof Error ? e.message : String(e) }));
    process.exit(1);
  },
);
