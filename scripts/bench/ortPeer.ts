// The ONNX Runtime Web peer of the sparse-kernel bench: the shipped trained LeNet-5, pruned as
// the bench prunes it (0 %, 90 % global, 95 % global magnitude, no fine-tuning), exported by
// the app's own ONNX writer (zeros kept: ONNX Runtime multiplies them like any weight), run in
// onnxruntime-web's wasm execution provider under Node on the first test images the speed
// readout times, in batches of the readout's size. Prints one JSON line per setting:
//   npx tsx scripts/bench/ortPeer.ts [--threads 2] [--examples 2000] [--batch 500] [--repeats 5]
// Before timing, ONNX Runtime's logits are checked against PruneLab's own on the same images.
//
// Why this file exists: the issue's peer figure ("our ratio to ONNX Runtime Web at 0, 90 and
// 95 %") needs the peer on the same images, threads and settings; `npm run bench -- --peer ort`
// runs this in a child process (ortPeerRun.ts) and divides the app's figures by it.
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-web';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { fetchTrained } from '../../src/core/data/fetchTrained';
import { buildOnnx } from '../../src/core/io/onnx/onnxExport';
import { methodFor } from '../../src/core/method';
import { getModelSpec } from '../../src/core/nets/registry';
import { snapshotWeights } from '../../src/core/train/modelWeights';
import { inputBatches } from '../../src/core/lab/latency';
import { SessionTools } from '../../src/session/sessionTools';
import { DATA_DIR, fileFetcher, openNodeLab } from '../experiments/lib/nodeLab';
import { ORT_SETTINGS, type OrtLine } from './ortPeerRun';

const { values: opt } = parseArgs({
  options: { threads: { type: 'string', default: '2' }, examples: { type: 'string', default: '2000' }, batch: { type: 'string', default: '500' }, repeats: { type: 'string', default: '5' } },
});
const threads = Number(opt.threads);
const examples = Number(opt.examples);
const batch = Number(opt.batch);
const repeats = Math.max(1, Number(opt.repeats));

ort.env.wasm.numThreads = threads;
ort.env.logLevel = 'error';
const spec = getModelSpec('lenet5');
const lab = await openNodeLab(spec, 256, examples);
const session = lab.session;
const trained = await fetchTrained('lenet5', { baseUrl: pathToFileURL(DATA_DIR + '/').href, fetcher: fileFetcher });
if (!trained) throw new Error('ortPeer: this build ships no trained LeNet-5');
await new SessionTools(session).adoptUpload(trained.files, 'dense', methodFor(spec.prunableLayers), 'shipped trained model');

for (const s of ORT_SETTINGS) {
  await session.prune(methodFor(spec.prunableLayers, { rate: s.rate, scope: s.scope }), true);
  const { model, testSet } = session.requirePruning().context();
  const bytes = buildOnnx({ model: spec.id, topology: model.toJSON(null, false) as object, weights: await snapshotWeights(model) });
  const inputs = inputBatches(testSet, Math.min(examples, testSet.count), batch);
  const ours = inputs.map((x) => tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync() as Float32Array));
  // NHWC with one channel is NCHW's memory order: the tensors' values feed the graph as they are.
  const feeds = inputs.map((x) => ({ input: new ort.Tensor('float32', x.dataSync() as Float32Array, [x.shape[0], 1, 28, 28]) }));
  const n = inputs.reduce((sum, x) => sum + x.shape[0], 0);
  tf.dispose(inputs);
  const ortSession = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  let maxDiff = 0;
  let same = 0;
  for (const [i, f] of feeds.entries()) {
    const logits = (await ortSession.run(f)).logits.data as Float32Array;
    const mine = ours[i];
    for (let j = 0; j < logits.length; j++) maxDiff = Math.max(maxDiff, Math.abs(logits[j] - mine[j]));
    for (let r = 0; r < logits.length / 10; r++) {
      const arg = (v: Float32Array) => v.subarray(r * 10, r * 10 + 10).reduce((b, x, k, a) => (x > a[b] ? k : b), 0);
      if (arg(logits) === arg(mine)) same++;
    }
  }
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    for (const f of feeds) await ortSession.run(f);
    best = Math.min(best, performance.now() - t0);
  }
  await ortSession.release();
  const line: OrtLine = { setting: s.label, imagesPerSec: (n * 1000) / best, examples: n, batch, threads, maxLogitDiff: maxDiff, sameClass: same, load: loadavg()[0] };
  console.log(JSON.stringify(line));
}
session.dispose();
