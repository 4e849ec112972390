// A Vite plugin that sends the tfjs WebAssembly files gzipped in `vite preview` and `npm run
// dev`: Vite's own compression skips application/wasm, so the 0.44 MB kernel went out whole
// although it gzips to a third. The gzip is computed once per file (again only when the
// file changes). The handler runs before Vite's static files, so it sends the same headers
// they would (COOP/COEP, CSP: the `headers` of the preview or dev config) itself. A request
// that does not accept gzip, or asks for a byte range, is left to Vite's static files.

import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { OutgoingHttpHeaders } from 'node:http';
import { isAbsolute, join, normalize, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { isFileServingAllowed, type Connect, type Plugin, type ResolvedConfig } from 'vite';

type Headers = OutgoingHttpHeaders | undefined;

/** True when an Accept-Encoding header allows gzip (listed, or `*`, with a q-value above 0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let star = false;
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const allowed = q === undefined || Number(q.slice(2)) > 0;
    if (name.trim() === 'gzip') return allowed;
    if (name.trim() === '*') star = allowed;
  }
  return star;
}

interface Compressed {
  readonly mtimeMs: number;
  readonly size: number;
  readonly gz: Buffer;
  readonly etag: string;
}

/**
 * The middleware: `resolve` maps a request's path to the file it names (undefined: not
 * ours), `headers` gives the headers the static files are sent with.
 */
export function wasmGzipHandler(resolve: (pathname: string) => string | undefined, headers: () => Headers): Connect.NextHandleFunction {
  const cache = new Map<string, Compressed>();
  const compressed = (file: string): Compressed | undefined => {
    let stat;
    try {
      stat = statSync(file);
    } catch {
      return undefined;
    }
    if (!stat.isFile()) return undefined;
    const hit = cache.get(file);
    if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit;
    const gz = gzipSync(readFileSync(file), { level: 9 });
    const entry = { mtimeMs: stat.mtimeMs, size: stat.size, gz, etag: `"${createHash('sha256').update(gz).digest('hex').slice(0, 20)}-gz"` };
    cache.set(file, entry);
    return entry;
  };
  return (req, res, next) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      next();
      return;
    }
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !pathname.endsWith('.wasm') || req.headers.range || !acceptsGzip(req.headers['accept-encoding'])) {
      next();
      return;
    }
    const file = resolve(pathname);
    const entry = file === undefined ? undefined : compressed(file);
    if (!entry) {
      next();
      return;
    }
    for (const [name, value] of Object.entries(headers() ?? {})) if (value !== undefined) res.setHeader(name, value);
    res.setHeader('Content-Type', 'application/wasm');
    res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('ETag', entry.etag);
    if (req.headers['if-none-match'] === entry.etag) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.statusCode = 200;
    res.setHeader('Content-Length', entry.gz.length);
    res.end(req.method === 'HEAD' ? undefined : entry.gz);
  };
}

/** `pathname` under `dir`, or undefined when it would leave it. */
export function fileUnder(dir: string, pathname: string): string | undefined {
  const file = normalize(join(dir, pathname));
  const rel = relative(dir, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? undefined : file;
}

/** The file a dev-server path names (the public dir, the root, or /@fs/), if Vite may serve it. */
function devFile(config: ResolvedConfig, pathname: string): string | undefined {
  const candidates = pathname.startsWith('/@fs/')
    ? [normalize(pathname.slice('/@fs'.length))]
    : [fileUnder(config.publicDir, pathname), fileUnder(config.root, pathname)];
  for (const file of candidates) {
    if (file === undefined || !isFileServingAllowed(config, file)) continue;
    try {
      if (statSync(file).isFile()) return file;
    } catch {
      // not this one
    }
  }
  return undefined;
}

/** Serves *.wasm gzipped in dev and preview (see the header comment). */
export function wasmGzip(): Plugin {
  return {
    name: 'prunelab-wasm-gzip',
    configureServer(server) {
      const c = server.config;
      server.middlewares.use(wasmGzipHandler((p) => devFile(c, p), () => c.server.headers));
    },
    configurePreviewServer(server) {
      const c = server.config;
      const outDir = join(c.root, c.build.outDir);
      server.middlewares.use(wasmGzipHandler((p) => fileUnder(outDir, p), () => c.preview.headers));
    },
  };
}
