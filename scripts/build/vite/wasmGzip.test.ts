// The wasm files go out gzipped, with the isolation and security headers, from a real `vite
// preview` (whose middleware order decides whether those headers are sent); a client that
// does not take gzip, or asks for a range, gets the file as it is from Vite's static files.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVE_HEADERS } from './serveHeaders';
import { acceptsGzip, fileUnder, wasmGzip } from './wasmGzip';

interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

// a compressible stand-in for a kernel: the wasm magic, then repeated bytes
const WASM = Buffer.concat([Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), Buffer.alloc(20_000, 7)]);

let root = '';
let server: PreviewServer;
let port = 0;

function get(path: string, headers: Record<string, string>, method = 'GET'): Promise<Reply> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end();
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'wasm-gzip-'));
  mkdirSync(join(root, 'dist', 'assets'), { recursive: true });
  writeFileSync(join(root, 'dist', 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(root, 'dist', 'assets', 'k.wasm'), WASM);
  server = await preview({
    root,
    configFile: false,
    logLevel: 'silent',
    plugins: [wasmGzip()],
    preview: { port: 0, host: '127.0.0.1', headers: SERVE_HEADERS },
  });
  port = (server.httpServer.address() as AddressInfo).port;
});

afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

describe('wasm gzip in vite preview', () => {
  it('sends the file gzipped, with Content-Encoding, Vary and every serve header', async () => {
    const r = await get('/assets/k.wasm', { 'accept-encoding': 'gzip, deflate, br' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(r.headers['content-type']).toBe('application/wasm');
    expect(r.headers.vary).toBe('Accept-Encoding');
    expect(r.body.length).toBeLessThan(WASM.length / 10);
    expect(Number(r.headers['content-length'])).toBe(r.body.length);
    expect(gunzipSync(r.body).equals(WASM)).toBe(true);
    for (const [name, value] of Object.entries(SERVE_HEADERS)) expect(r.headers[name.toLowerCase()]).toBe(value);
    // computed once: the same bytes and validator again; the validator answers 304
    const again = await get('/assets/k.wasm', { 'accept-encoding': 'gzip' });
    expect(again.body.equals(r.body)).toBe(true);
    const etag = String(r.headers.etag);
    expect(again.headers.etag).toBe(etag);
    const cached = await get('/assets/k.wasm', { 'accept-encoding': 'gzip', 'if-none-match': etag });
    expect(cached.status).toBe(304);
    expect(cached.body.length).toBe(0);
    const head = await get('/assets/k.wasm', { 'accept-encoding': 'gzip' }, 'HEAD');
    expect([head.status, head.headers['content-length'], head.body.length]).toEqual([200, String(r.body.length), 0]);
  });

  it('leaves a client without gzip, a range request and a missing file to the static files', async () => {
    const plain = await get('/assets/k.wasm', { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(WASM)).toBe(true);
    expect(plain.headers['cross-origin-embedder-policy']).toBe('require-corp');
    const range = await get('/assets/k.wasm', { 'accept-encoding': 'gzip', range: 'bytes=0-3' });
    expect(range.status).toBe(206);
    expect(range.body.equals(WASM.subarray(0, 4))).toBe(true);
    const missing = await get('/assets/none.wasm', { 'accept-encoding': 'gzip' });
    expect(missing.headers['content-encoding']).toBeUndefined();
    expect(missing.headers['content-type']).not.toBe('application/wasm');
  });
});

describe('helpers', () => {
  it('reads Accept-Encoding with q-values and *', () => {
    expect(acceptsGzip('gzip')).toBe(true);
    expect(acceptsGzip('br;q=1.0, gzip;q=0.8')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('br, *')).toBe(true);
    expect(acceptsGzip('*;q=0')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });

  it('keeps a path inside its folder', () => {
    expect(fileUnder('/srv/dist', '/assets/k.wasm')).toBe('/srv/dist/assets/k.wasm');
    expect(fileUnder('/srv/dist', '/../secret.wasm')).toBeUndefined();
    expect(fileUnder('/srv/dist', '/assets/../../x.wasm')).toBeUndefined();
  });
});
