// `npm run gpu-pack`: packs what the GPU machine needs to run gpu-check into
// scripts/gpu/dist/ (git-ignored; the device call carries it): this machine's Node binary
// and Dawn's dawn.node (xz-compressed), gpu-check bundled with esbuild (tfjs and the core
// in one file), the Vulkan loader and GL dispatch libraries (Debian packages, unpacked
// at run time into a private folder), the MNIST files and a slice of IMDB with their own
// manifest (read by the app's loaders, checksums and all). The GPU machine may have no
// Node and no network; scripts/gpu/device-run.sh unpacks and runs all of it.
// Options: --imdb-train N (default 5000) --imdb-test N (500) --no-gl (skip the apt download)
// --bundle-only (rebuild gpu-check.mjs in an existing pack)

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { fetchManifest } from '../../src/core/data/fetchData';
import { loadImdb } from '../../src/core/data/fetchImdb';
import { takeFirstTexts, type TextSet } from '../../src/core/data/imdb';
import type { DataFileEntry, DataManifest } from '../../src/core/data/manifest';
import { encodeTokens } from '../../src/core/data/tokenCodec';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = join(ROOT, 'scripts/gpu/dist');
const DATA = join(ROOT, 'public/data');
/** What one device call may carry, working tree included (the device tool's limit). */
const LIMIT_BYTES = 64 * 2 ** 20;
const GL_PACKAGES = ['libvulkan1', 'libglvnd0', 'libegl1', 'libgl1', 'libglx0', 'libopengl0', 'libgles2'];

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

function xz(src: string, dst: string): void {
  mkdirSync(dirname(dst), { recursive: true });
  writeFileSync(dst, execFileSync('xz', ['-T0', '-6', '-c', src], { maxBuffer: 512 * 2 ** 20 }));
}

function sizeOf(path: string): number {
  const s = statSync(path);
  return s.isDirectory() ? readdirSync(path).reduce((n, f) => n + sizeOf(join(path, f)), 0) : s.size;
}

async function bundle(): Promise<void> {
  await build({
    entryPoints: [join(ROOT, 'scripts/gpu/gpu-check.ts')],
    outfile: join(DIST, 'gpu-check.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    external: ['webgpu'], // dawn.node is loaded from node_modules/webgpu beside the bundle
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: 'warning',
  });
}

function packDawn(): void {
  const pkg = join(ROOT, 'node_modules/webgpu');
  const out = join(DIST, 'node_modules/webgpu');
  mkdirSync(out, { recursive: true });
  for (const f of ['package.json', 'index.js']) copyFileSync(join(pkg, f), join(out, f));
  xz(join(pkg, 'dist/linux-x64/dawn.node'), join(out, 'dist/linux-x64/dawn.node.xz'));
}

/** The Debian packages the device README's Vulkan recipe names, for amd64. */
function downloadGl(): void {
  const dir = join(DIST, 'gl');
  mkdirSync(dir, { recursive: true });
  const lists = '/tmp/prunelab-apt-amd64';
  mkdirSync(join(lists, 'partial'), { recursive: true });
  const o = ['-oAPT::Architecture=amd64', '-oAPT::Architectures=amd64', `-oDir::State::Lists=${lists}`];
  execFileSync('apt-get', [...o, '-qq', 'update'], { stdio: 'inherit' });
  execFileSync('apt-get', [...o, 'download', ...GL_PACKAGES], { cwd: dir, stdio: 'inherit' });
}

function entry(dir: string, path: string, bytes: Uint8Array): DataFileEntry {
  const gz = gzipSync(bytes, { level: 9 });
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), gz);
  return { path, bytes: bytes.length, gzipBytes: gz.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

const le = (a: Uint16Array | Uint32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength); // x86-64 is little-endian

/** MNIST as it is (its loader wants all 60,000 + 10,000) and the first IMDB reviews of each split. */
async function packData(imdbTrain: number, imdbTest: number): Promise<DataManifest> {
  const dir = join(DIST, 'data');
  const opts = { baseUrl: pathToFileURL(`${DATA}/`).href, fetcher: async (url: string) => new Response(readFileSync(fileURLToPath(url))) };
  const manifest = await fetchManifest(opts);
  for (const f of Object.values(manifest.mnist.files)) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    copyFileSync(join(DATA, f.path), join(dir, f.path));
  }
  const imdb = await loadImdb(opts);
  const split = (set: TextSet, n: number, name: 'train' | 'test') => {
    const s = takeFirstTexts(set, n);
    return {
      count: s.count,
      tokens: entry(dir, `imdb/${name}.tokens.v8.gz`, encodeTokens(s.tokens)),
      offsets: entry(dir, `imdb/${name}-offsets.u32.gz`, le(s.offsets)),
      labels: entry(dir, `imdb/${name}-labels.u8.gz`, s.labels),
    };
  };
  const train = split(imdb.train, imdbTrain, 'train');
  const test = split(imdb.test, imdbTest, 'test');
  mkdirSync(join(dir, 'imdb'), { recursive: true });
  copyFileSync(join(DATA, manifest.imdb.files.vocab.path), join(dir, manifest.imdb.files.vocab.path));
  const out: DataManifest = {
    ...manifest,
    imdb: {
      ...manifest.imdb,
      train: train.count,
      test: test.count,
      files: {
        vocab: manifest.imdb.files.vocab,
        trainTokens: train.tokens,
        trainOffsets: train.offsets,
        trainLabels: train.labels,
        testTokens: test.tokens,
        testOffsets: test.offsets,
        testLabels: test.labels,
      },
    },
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(out, null, 1));
  return out;
}

/** Bytes of what a device call sends besides dist/: tracked and untracked-not-ignored files. */
function workingTreeBytes(): number {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  return files
    .split('\0')
    .filter((f) => f && existsSync(join(ROOT, f)))
    .reduce((n, f) => n + statSync(join(ROOT, f)).size, 0);
}

async function main(): Promise<void> {
  if (process.argv.includes('--bundle-only')) {
    await bundle();
    console.log(`gpu-pack: ${relative(ROOT, join(DIST, 'gpu-check.mjs'))} rebuilt`);
    return;
  }
  rmSync(DIST, { recursive: true, force: true });
  mkdirSync(DIST, { recursive: true });
  await bundle();
  packDawn();
  xz(process.execPath, join(DIST, 'node.xz'));
  const manifest = await packData(arg('imdb-train', 5000), arg('imdb-test', 500));
  if (!process.argv.includes('--no-gl')) downloadGl();
  const node = execFileSync(process.execPath, ['--version'], { encoding: 'utf8' }).trim();
  writeFileSync(join(DIST, 'PACKED.txt'), `node ${node} from ${process.execPath}\nwebgpu (dawn.node) ${JSON.parse(readFileSync(join(ROOT, 'node_modules/webgpu/package.json'), 'utf8')).version}\nimdb ${manifest.imdb.train} train / ${manifest.imdb.test} test reviews\npacked ${new Date().toISOString()}\n`);
  const tree = workingTreeBytes();
  const dist = sizeOf(DIST);
  for (const f of readdirSync(DIST)) console.log(`gpu-pack: ${f.padEnd(16)} ${mib(sizeOf(join(DIST, f)))}`);
  console.log(`gpu-pack: ${relative(ROOT, DIST)} ${mib(dist)} + working tree ${mib(tree)} = ${mib(dist + tree)} of ${mib(LIMIT_BYTES)} a device call may carry`);
  if (dist + tree > LIMIT_BYTES * 0.95) throw new Error('too close to the device limit: pack less (--imdb-train)');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
