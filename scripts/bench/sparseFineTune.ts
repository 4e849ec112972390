// One fine-tuning epoch of the shipped trained LeNet-5 pruned at 90 % global magnitude, with the
// masks held on the sparse training kernels (forward and input gradient sparse, weight gradient
// at kept positions only) against the same epoch on the dense kernels: alternating in one run,
// seeds 1…N both ways, each from the same pruned start. Reports each epoch's training time (the
// run's own clock, evaluation excluded), its CPU time (this process, one thread: steadier than
// wall time on a busy machine) and that of the whole call (pruning and evaluation included), the
// test accuracy after it, whether every pruned weight is still exactly +0, and the machine's load.
// Under Node: tfjs-wasm's one thread.
//   npx tsx scripts/bench/sparseFineTune.ts [--seeds 3] [--train 60000] [--test 10000] [--rate 0.9]
//
// Why this file exists: the fine-tune speed-up and the "accuracy within seed noise" claim in
// docs/results/bench.md need figures measured side by side from the shipped code.
import { execSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { setSparseTrainingEnabled } from '../../src/core/backend/wasm/heldSparsity';
import { fetchTrained } from '../../src/core/data/fetchTrained';
import { methodFor } from '../../src/core/method';
import { getModelSpec } from '../../src/core/nets/registry';
import { kernelName } from '../../src/core/weights';
import { SessionTools } from '../../src/session/sessionTools';
import { DATA_DIR, fileFetcher, openNodeLab } from '../experiments/lib/nodeLab';

const { values: opt } = parseArgs({
  options: {
    seeds: { type: 'string', default: '3' },
    train: { type: 'string', default: '60000' },
    test: { type: 'string', default: '10000' },
    rate: { type: 'string', default: '0.9' },
  },
});
const spec = getModelSpec('lenet5');
/** CPU time of the last fine-tuning epoch: from the run's start to its last step's progress report (evaluation excluded). */
let epochCpu = { start: 0, end: 0 };
const cpuNow = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};
const lab = await openNodeLab(spec, Number(opt.train), Number(opt.test), (e) => {
  if (e.type === 'runStart') epochCpu = { start: cpuNow(), end: 0 };
  else if (e.type === 'runProgress' && e.progress.step === e.progress.totalSteps) epochCpu.end = cpuNow();
});
const session = lab.session;
const tools = new SessionTools(session);
const layers = spec.prunableLayers;
const trained = await fetchTrained('lenet5', { baseUrl: pathToFileURL(DATA_DIR + '/').href, fetcher: fileFetcher });
if (!trained) throw new Error('sparseFineTune: this build ships no trained LeNet-5');
const trainedFiles = trained.files;
const method = methodFor(layers, { rate: Number(opt.rate), scope: 'global' });
const commit = execSync('git rev-parse --short HEAD').toString().trim();
const dirty = execSync('git status --porcelain --untracked-files=no').toString().trim() ? ' (uncommitted changes)' : '';
console.log(`sparseFineTune: commit ${commit}${dirty}, Node ${process.version}, tfjs-wasm 1 thread, ${opt.train} training / ${opt.test} test images, ${method.rate * 100} % ${method.scope}`);

/** Pruned weights still exactly +0 after the run, and how many are kept, over the held masks. */
function sparsityHeld(): { exact: boolean; kept: number; total: number } {
  const pruning = session.requirePruning();
  const held = pruning.heldMasks();
  const model = pruning.context().model;
  let exact = true;
  let kept = 0;
  let total = 0;
  held.layers.forEach((layer, l) => {
    const w = model.weights.find((x) => x.originalName === kernelName(layer));
    if (!w) throw new Error(`no kernel of ${layer}`);
    const v = w.read().dataSync();
    const m = held.masks[l];
    for (let i = 0; i < m.length; i++) {
      total++;
      if (m[i]) kept++;
      else if (!Object.is(v[i], 0)) exact = false;
    }
  });
  return { exact, kept, total };
}

interface Run {
  readonly way: 'sparse' | 'dense';
  readonly seed: number;
  readonly seconds: number;
  /** CPU time of the whole fine-tune call (pruning, the epoch, the test-set evaluation): steadier than wall time on a busy machine. */
  readonly cpuSeconds: number;
  /** CPU time of the epoch alone (first step to last step's report). */
  readonly epochCpuSeconds: number;
  readonly accuracy: number;
  readonly load: number;
}

async function epoch(way: 'sparse' | 'dense', seed: number): Promise<Run> {
  await tools.adoptUpload(trainedFiles, 'dense', methodFor(layers), 'shipped trained model');
  setSparseTrainingEnabled(way === 'sparse');
  try {
    const load = loadavg()[0];
    const cpu0 = process.cpuUsage();
    const r = await session.finetune({ epochs: 1, seed, method });
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const epochCpuSeconds = epochCpu.end - epochCpu.start;
    const s = sparsityHeld();
    if (!s.exact) throw new Error(`sparseFineTune: a pruned weight moved (${way}, seed ${seed})`);
    console.log(
      `  ${way.padEnd(6)} seed ${seed}: ${r.trainSeconds.toFixed(2)} s wall (${Math.round(r.itemsPerSec)} images/s), ${epochCpuSeconds.toFixed(2)} s CPU in the epoch (${cpuSeconds.toFixed(2)} s in the whole call), test accuracy ${(r.testAccuracy * 100).toFixed(2)} %, ` +
        `pruned weights exactly 0 (${s.kept}/${s.total} kept), load ${load.toFixed(2)} → ${loadavg()[0].toFixed(2)}`,
    );
    return { way, seed, seconds: r.trainSeconds, cpuSeconds, epochCpuSeconds, accuracy: r.testAccuracy, load };
  } finally {
    setSparseTrainingEnabled(true);
  }
}

const runs: Run[] = [];
const seeds = Number(opt.seeds);
for (let seed = 1; seed <= seeds; seed++) {
  const order: ('sparse' | 'dense')[] = seed % 2 ? ['dense', 'sparse'] : ['sparse', 'dense'];
  for (const way of order) runs.push(await epoch(way, seed));
}

const of = (way: Run['way']) => runs.filter((r) => r.way === way);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)) * (xs.length / Math.max(1, xs.length - 1)));
const ratios = (key: 'seconds' | 'cpuSeconds' | 'epochCpuSeconds') => of('dense').map((d) => d[key] / (of('sparse').find((s) => s.seed === d.seed)?.[key] ?? NaN));
for (const [label, key] of [['epoch wall time', 'seconds'], ['epoch CPU time', 'epochCpuSeconds'], ['CPU time of the whole call', 'cpuSeconds']] as const) {
  const r = ratios(key);
  console.log(`${label}, dense / sparse per seed: ${r.map((v) => `${v.toFixed(2)}×`).join(', ')}; mean ${mean(r).toFixed(2)}×`);
}
for (const way of ['dense', 'sparse'] as const) {
  const acc = of(way).map((r) => r.accuracy * 100);
  console.log(`  ${way.padEnd(6)} mean ${mean(of(way).map((r) => r.seconds)).toFixed(2)} s wall, ${mean(of(way).map((r) => r.epochCpuSeconds)).toFixed(2)} s CPU in the epoch; accuracy ${acc.map((a) => a.toFixed(2)).join(', ')} % (mean ${mean(acc).toFixed(2)}, sd ${sd(acc).toFixed(2)})`);
}
console.log(`load average at the end: ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
session.dispose();
