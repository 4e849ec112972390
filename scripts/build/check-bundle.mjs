// Checks the built app's main-thread bundle: TensorFlow.js must live only in the worker
// (tensors never reach the UI, and the page stays light). Fails if a tfjs kernel name shows
// up in the entry chunk or the entry chunk grows past its budget, or if a test hook ships.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const BUDGET_BYTES = 900 * 1024;
const html = readFileSync('dist/index.html', 'utf8');
const entry = /<script[^>]+src="\.?\/?(assets\/[^"]+\.js)"/.exec(html)?.[1];
if (!entry) {
  console.error('check-bundle: no entry script found in dist/index.html');
  process.exit(1);
}
const code = readFileSync(join('dist', entry), 'utf8');
const size = statSync(join('dist', entry)).size;
const problems = [];
for (const marker of ['Conv2DBackpropFilter', 'FusedConv2D', 'tfjs-backend-wasm']) {
  if (code.includes(marker)) problems.push(`the entry chunk contains "${marker}": TensorFlow.js leaked out of the worker`);
}
if (size > BUDGET_BYTES) problems.push(`the entry chunk is ${size} bytes, over the ${BUDGET_BYTES}-byte budget`);
const worker = readdirSync('dist/assets').find((f) => /^lab\.worker-.*\.js$/.test(f));
if (!worker) problems.push('no lab.worker chunk in dist/assets');
// Tests lose the GPU device from outside (e2e/helpers.ts): no test hook ships.
for (const file of readdirSync('dist/assets').filter((f) => f.endsWith('.js'))) {
  const text = readFileSync(join('dist/assets', file), 'utf8');
  for (const hook of ['__prunelabTest', 'loseDevice', 'loseGpuDeviceForTest']) {
    if (text.includes(hook)) problems.push(`${file} contains the test hook "${hook}"`);
  }
}
if (problems.length) {
  for (const p of problems) console.error(`check-bundle: ${p}`);
  process.exit(1);
}
console.log(`check-bundle: ok (${entry}: ${(size / 1024).toFixed(0)} KB, no tfjs; worker ${worker})`);
