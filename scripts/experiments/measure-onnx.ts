// The exported model.onnx on the official MNIST test set (10,000 images): its accuracy in
// onnxruntime-web (wasm, under Node) against the app's own test accuracy for the same model
// (src/core evaluate, tfjs wasm backend), example by example, and its weight initializers'
// zeros against the model's. Models: LeNet-5 dense (trained with the app's defaults, shared
// weight cache), 90 % unstructured one-shot and after one fine-tuning epoch, N:M 2:4, and
// 50 % of conv2's filters and fc1's neurons removed then compacted.
// Writes docs/results/onnx.md (subset runs: /tmp/onnx-subset.md) and the model files under
// /tmp/prunelab-onnx/ for an optional check in Python.
//
// Usage: nice -n 10 npx tsx scripts/experiments/measure-onnx.ts [--seed N] [--train N] [--test N]

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { maskWeights, heldMasksOf, trainMasked, type LabContext } from '../../src/core/lab/context';
import { buildOnnx } from '../../src/core/io/onnx/onnxExport';
import { decodeModel, floatValues } from '../../src/core/io/onnx/onnxProto';
import { getModelSpec } from '../../src/core/nets/registry';
import { snapshotWeights, writeWeights } from '../../src/core/train/modelWeights';
import { compactModel } from '../../src/core/lab/compact';
import { PruneController, type PruneOutcome } from '../../src/core/prune/controller';
import { compareOnImages, onnxSession, type Agreement } from '../../src/core/testing/onnxRuntime';
import { evaluate } from '../../src/core/train/evaluate';
import { methodFor } from '../../src/core/method';
import { kernelName, type WeightSnapshot } from '../../src/core/weights';
import { argNumber } from '../cliArgs';
import { denseLenet, mnistOnWasm } from './lib/denseLenet';
import { runInfo, runLine } from './lib/runInfo';

const seed = argNumber('seed', 1);
const trainCount = argNumber('train', 60000);
const testCount = argNumber('test', 10000);
const subset = trainCount < 60000 || testCount < 10000;
const outMd = subset ? '/tmp/onnx-subset.md' : join('docs', 'results', 'onnx.md');
const modelDir = '/tmp/prunelab-onnx';
const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

const spec = getModelSpec('lenet5');
const layers = spec.prunableLayers;
const { mnist, train, test } = await mnistOnWasm(trainCount, testCount);
const info = runInfo();
const { model, dense } = await denseLenet(mnist, train, seed, log);
const ctx: LabContext = { model, layers, task: spec.task, trainSet: train, testSet: test };
mkdirSync(modelDir, { recursive: true });

interface Row {
  readonly label: string;
  readonly appAccuracy: number;
  readonly agreement: Agreement;
  readonly params: number;
  readonly onnxBytes: number;
  /** Per layer: zeros in the model's kernel and in the ONNX weight initializer. */
  readonly zeros: readonly { readonly layer: string; readonly model: number; readonly onnx: number }[];
}
const rows: Row[] = [];

async function measure(label: string, file: string, m: tf.LayersModel, weights: WeightSnapshot): Promise<void> {
  const bytes = buildOnnx({ model: 'lenet5', topology: m.toJSON(null, false) as object, weights });
  writeFileSync(join(modelDir, file), bytes);
  const app = await evaluate(m, test, { task: spec.task });
  const agreement = await compareOnImages(m, await onnxSession(bytes), test, test.count);
  const inits = decodeModel(bytes).graph?.initializer ?? [];
  const zeros = layers.map((layer) => {
    const init = inits.find((t) => t.name === `${layer}.weight`);
    return {
      layer,
      model: weights.values[weights.names.indexOf(kernelName(layer))].filter((v) => v === 0).length,
      onnx: init ? floatValues(init).filter((v) => v === 0).length : -1,
    };
  });
  const params = weights.values.reduce((n, v) => n + v.length, 0);
  rows.push({ label, appAccuracy: app.accuracy, agreement, params, onnxBytes: bytes.length, zeros });
  log(`${label}: app ${(app.accuracy * 100).toFixed(2)} %, onnx ${((agreement.onnxCorrect / agreement.examples) * 100).toFixed(2)} %, max |Δ| ${agreement.maxAbsDiff.toExponential(2)}, ${agreement.argmaxMismatches} different predictions`);
}

async function pruned(label: string, file: string, outcome: PruneOutcome, finetune: boolean): Promise<void> {
  writeWeights(model, maskWeights(dense, layers, outcome));
  if (finetune) await trainMasked(ctx, heldMasksOf(ctx, outcome), { ...spec.defaults, epochs: 1, seed: seed + 1 });
  await measure(label, file, model, await snapshotWeights(model));
}

const controller = new PruneController(layers, dense);
await measure('dense', 'dense.onnx', model, dense);
const ninety = controller.compute(methodFor(layers, { rate: 0.9 }));
await pruned('90 % unstructured (per layer), one-shot', 'sparse90.onnx', ninety, false);
await pruned('90 % unstructured (per layer), 1 fine-tuning epoch', 'sparse90-ft.onnx', ninety, true);
await pruned('N:M 2:4, one-shot', 'nm24.onnx', controller.compute(methodFor(layers, { structure: 'nm', nm: '2:4' })), false);
const channels = controller.compute(methodFor(['conv2', 'fc1'], { rate: 0.5, structure: 'channels' }));
const masked = maskWeights(dense, layers, channels);
writeWeights(model, masked);
const keep = new Map(layers.flatMap((l, i) => (channels.channelMasks[i] ? [[l, channels.channelMasks[i] as Uint8Array] as const] : [])));
const compact = compactModel({ model, weights: masked, channelMasks: keep });
await measure('50 % of conv2 filters and fc1 neurons removed, compacted', 'compact.onnx', compact, await snapshotWeights(compact));
compact.dispose();

/** onnx-torch-check.py on the files written here, when Debian's python3-onnx and python3-torch are installed. */
function pythonCheck(): string {
  try {
    const script = join('scripts', 'experiments', 'onnx-torch-check.py');
    return execFileSync('/usr/bin/python3', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (e) {
    return `not run (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`;
  }
}
const python = pythonCheck();
log(`python check: ${python}`);

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
const table = rows.map((r) => {
  const a = r.agreement;
  const zerosOk = r.zeros.every((z) => z.model === z.onnx);
  return `| ${r.label} | ${r.params.toLocaleString('en-US')} | ${pct(r.appAccuracy)} (${a.appCorrect}) | ${pct(a.onnxCorrect / a.examples)} (${a.onnxCorrect}) | ${a.argmaxMismatches} | ${a.maxAbsDiff.toExponential(2)} | ${r.zeros.map((z) => z.onnx.toLocaleString('en-US')).join(' / ')} ${zerosOk ? '(= model)' : '(DIFFER)'} |`;
});
const md = `# model.onnx on the official MNIST test set

Generated by \`scripts/experiments/measure-onnx.ts\` on ${runLine(info)}; seed ${seed}.
LeNet-5 trained on ${train.count} images (${spec.defaults.epochs} epochs, the app's defaults). The app's accuracy is src/core's
\`evaluate\` (tfjs ${info.backend}); the ONNX accuracy is the exported model.onnx run by onnxruntime-web (wasm, one thread) on the
same ${test.count} test images, fed as NCHW float32 normalised as in the tutorial. "Different" counts test images whose predicted
class differs; max |Δ| is over every logit of every image.

| model | parameters | app accuracy (correct) | ONNX accuracy (correct) | different | max abs diff | zeros in conv1 / conv2 / fc1 / fc2 initializers |
| --- | --- | --- | --- | --- | --- | --- |
${table.join('\n')}

The compacted model is exported with its smaller shapes (conv2 [25, 20, 5, 5], fc1 [400, 250] in ONNX), so its file is smaller;
the pruned ones keep their zeros as exact zeros in dense initializers (runtimes do not skip them).

## The same files outside JavaScript

\`scripts/experiments/onnx-torch-check.py\` (Debian's python3-onnx 1.12 and python3-torch) validates each file with the ONNX
project's checker (full check, strict shape inference) and loads its initializers into a plain PyTorch LeNet-5 (nn.Conv2d,
nn.MaxPool2d, nn.Linear; NCHW), evaluated on the same 10,000 test images:

\`\`\`
${python}
\`\`\`

## Running the exported file in Python

\`\`\`python
import numpy as np, onnxruntime as ort, torchvision as tv
ds = tv.datasets.MNIST(".", train=False, download=True)
x = ((ds.data.numpy()[:, None] / 255.0 - 0.1307) / 0.3081).astype(np.float32)
print((ort.InferenceSession("model.onnx").run(None, {"input": x})[0].argmax(1) == ds.targets.numpy()).mean())
\`\`\`

(onnxruntime for Python is not installable here: this snippet was not run; the PyTorch check above was.)
For the IMDB model the input is \`{"tokens": ids}\`, an int64 [N, L] matrix of ids from the export's vocab.json (0 = padding,
1 = unknown word), and the output \`logit\` [N, 1] is the positive-class logit.
`;
writeFileSync(outMd, md);
log(`wrote ${outMd}; model files in ${modelDir}`);
model.dispose();
