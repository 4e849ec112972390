// `npm test`: everything CI runs, in order: build the wasm kernels, prepare data, type-check, lint, unit tests
// (Vitest), build, e2e (Playwright + Chromium). Runs every step it can, then prints one
// summary line: "tests: N passed, M failed" (unit + e2e tests; a failed check counts too).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

mkdirSync('test-results', { recursive: true });
const unitJson = 'test-results/unit-results.json';
const e2eJson = 'test-results/e2e-results.json';
rmSync(unitJson, { force: true });
rmSync(e2eJson, { force: true });

let passed = 0;
let failed = 0;
const report = [];

function run(name, cmd, args) {
  const started = Date.now();
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  const ok = r.status === 0;
  report.push(`${ok ? 'ok  ' : 'FAIL'} ${name} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  return ok;
}

function readJson(path) {
  try {
    return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
  } catch {
    return null;
  }
}

const check = (name, cmd, args) => {
  const ok = run(name, cmd, args);
  if (!ok) failed++;
  return ok;
};

check('build kernels', 'npx', ['tsx', 'scripts/build/build-kernels.ts']);
check('prepare data', 'npx', ['tsx', 'scripts/build/prepare-data.ts', '--if-missing']);
check('type-check', 'npx', ['tsc', '-b']);
check('lint', 'npx', ['eslint', '.', '--max-warnings=0']);
check('structure', 'node', ['scripts/build/check-structure.mjs']);

const unitOk = run('unit tests', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${unitJson}`,
]);
const unit = readJson(unitJson);
if (unit) {
  passed += unit.numPassedTests;
  failed += unit.numFailedTests;
}
if (!unitOk && (!unit || unit.numFailedTests === 0)) failed++;

const built = check('build', 'npx', ['vite', 'build']);
if (built) check('bundle check', 'node', ['scripts/build/check-bundle.mjs']);
if (built) {
  const e2eOk = run('e2e tests', 'node', ['scripts/build/run-e2e.mjs']);
  const e2e = readJson(e2eJson);
  if (e2e?.stats) {
    passed += e2e.stats.expected + (e2e.stats.flaky ?? 0);
    failed += e2e.stats.unexpected;
  }
  if (!e2eOk && (!e2e?.stats || e2e.stats.unexpected === 0)) failed++;
} else {
  report.push('skip e2e tests (build failed)');
  failed++;
}

console.log(`\n${report.join('\n')}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
