// The response headers PruneLab is served with, and a Vite plugin that answers a missing
// data file with 404 instead of the single-page fallback (index.html). `vite preview` and
// `npm run dev` send these headers; the README's "Deploying" section lists the same ones
// for other static hosts (a test keeps the two in step).
//
// The Content-Security-Policy is what the app needs and no more: its own scripts, plus
// compiling WebAssembly ('wasm-unsafe-eval'); module workers from its own origin and the
// kernels' helper threads from Blob URLs (tfjs's wasm threads importScripts() their main
// script from a Blob URL the page made, hence blob: in script-src too); React's inline style attributes; data:/blob: images
// (the draw canvas, exports); fetches of its own data files only; no plug-ins, no <base>,
// no forms, and no framing by any other page.

import { existsSync, statSync } from 'node:fs';
import { join, normalize } from 'node:path';
import type { Connect, Plugin } from 'vite';

/** The headers that make the page crossOriginIsolated (multi-threaded wasm). */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

/** The production Content-Security-Policy, directive by directive. */
export const CSP_DIRECTIVES: readonly string[] = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
];

/** Every header a host serving dist/ should send (README "Deploying" lists exactly these). */
export const SERVE_HEADERS = {
  ...ISOLATION_HEADERS,
  'Content-Security-Policy': CSP_DIRECTIVES.join('; '),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
} as const;

/**
 * The dev server's variant: Vite's dev client and React's refresh preamble are inline
 * scripts and hot reload talks over a WebSocket, so dev allows those two things more.
 */
export const DEV_HEADERS = {
  ...SERVE_HEADERS,
  'Content-Security-Policy': CSP_DIRECTIVES.map((d) =>
    d.startsWith('script-src ') ? `${d} 'unsafe-inline'` : d.startsWith('connect-src ') ? `${d} ws: wss:` : d,
  ).join('; '),
} as const;

/** True when `pathname` asks for something under data/ that `root` does not hold as a file. */
export function isMissingDataFile(root: string, pathname: string): boolean {
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return pathname.startsWith('/data/');
  }
  if (!path.startsWith('/data/')) return false;
  const file = normalize(join(root, path));
  if (!file.startsWith(normalize(join(root, 'data')))) return true;
  return !(existsSync(file) && statSync(file).isFile());
}

function notFoundFor(root: () => string): Connect.NextHandleFunction {
  return (req, res, next) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (!isMissingDataFile(root(), pathname)) {
      next();
      return;
    }
    res.statusCode = 404;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end('Not found\n');
  };
}

/** Answers a request for a missing /data/ file with 404 (dev: public/, preview: the build's outDir). */
export function dataNotFound(): Plugin {
  let publicDir = '';
  let outDir = '';
  return {
    name: 'prunelab-data-not-found',
    configResolved(config) {
      publicDir = config.publicDir;
      outDir = join(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use(notFoundFor(() => publicDir));
    },
    configurePreviewServer(server) {
      server.middlewares.use(notFoundFor(() => outDir));
    },
  };
}
