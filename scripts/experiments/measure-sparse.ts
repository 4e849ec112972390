// The shipped trained LeNet-5 pruned at the published settings, on the sparse and the dense
// kernels: the count of correct test images both ways (they must be identical: the sparse kernel
// sums the kept weights in the dense kernels' order), and the whole-model and per-layer speed-up
// against the ideal from the multiply-adds (sparseSpeed.ts). Under Node: tfjs-wasm's one thread.
//   npx tsx scripts/experiments/measure-sparse.ts [--test 10000] [--repeats 5] [--speed-examples 2000]
//
// Why this file exists: the published accuracies must not move when the sparse kernels take
// over a layer, and the speed table in docs/results/bench.md needs figures from one run.
import { execSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { measureSparseSpeed } from '../../src/core/backend/sparseSpeed';
import { speedText } from '../../src/core/backend/speedText';
import { fetchTrained } from '../../src/core/data/fetchTrained';
import { setSparseKernelsEnabled } from '../../src/core/backend/wasm/sparseForm';
import { methodFor, type PruneMethod } from '../../src/core/method';
import { getModelSpec } from '../../src/core/nets/registry';
import { evaluate } from '../../src/core/train/evaluate';
import { SessionTools } from '../../src/session/sessionTools';
import { DATA_DIR, fileFetcher, openNodeLab } from './lib/nodeLab';

const { values: opt } = parseArgs({ options: { test: { type: 'string', default: '10000' }, repeats: { type: 'string', default: '5' }, 'speed-examples': { type: 'string', default: '2000' } } });
const spec = getModelSpec('lenet5');
const lab = await openNodeLab(spec, 256, Number(opt.test));
const session = lab.session;
const layers = spec.prunableLayers;
const trained = await fetchTrained('lenet5', { baseUrl: pathToFileURL(DATA_DIR + '/').href, fetcher: fileFetcher });
if (!trained) throw new Error('measure-sparse: this build ships no trained LeNet-5');
await new SessionTools(session).adoptUpload(trained.files, 'dense', methodFor(layers), 'shipped trained model');
const commit = execSync('git rev-parse --short HEAD').toString().trim();
console.log(`measure-sparse: commit ${commit}, Node ${process.version}, tfjs-wasm 1 thread, load ${loadavg().map((v) => v.toFixed(1)).join(' ')}`);

const settings: [string, PruneMethod][] = [
  ['dense', methodFor(layers)],
  ['30 % per layer', methodFor(layers, { rate: 0.3 })],
  ['50 % per layer', methodFor(layers, { rate: 0.5 })],
  ['90 % global', methodFor(layers, { rate: 0.9, scope: 'global' })],
  ['90 % per layer', methodFor(layers, { rate: 0.9 })],
  ['95 % global', methodFor(layers, { rate: 0.95, scope: 'global' })],
];
let differ = 0;
for (const [label, method] of settings) {
  await session.prune(method, true);
  const model = session.requirePruning().context().model;
  const test = session.requirePruning().context().testSet;
  setSparseKernelsEnabled(false);
  const dense = await evaluate(model, test);
  setSparseKernelsEnabled(true);
  await evaluate(model, test); // the weights' first 512 images run dense; this pass then builds the sparse forms, the next uses them throughout
  const sparse = await evaluate(model, test);
  if (sparse.correct !== dense.correct) differ++;
  const speed = await measureSparseSpeed(model, test, { repeats: Number(opt.repeats), examples: Number(opt['speed-examples']) });
  const text = speedText(speed);
  console.log(`\n${label}: correct ${dense.correct}/${dense.count} dense, ${sparse.correct}/${sparse.count} sparse${sparse.correct === dense.correct ? ' (identical)' : ' (DIFFERENT)'}; load ${loadavg()[0].toFixed(1)}`);
  console.log(`  whole model: ${text.summary} (${speed.denseImagesPerSec.toFixed(0)} → ${speed.sparseImagesPerSec.toFixed(0)} images/s, ${speed.examples} images, batch ${speed.batchSize})`);
  for (const l of text.layers) console.log(`  ${l}`);
}
console.log(differ ? `\n${differ} setting(s) changed the count of correct images` : '\nevery setting: identical counts of correct images');
session.dispose();
