// dist/ is a static site that works under any sub-path: serve it with a plain static
// server at /some/deep/path/ and train there.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { expect, test } from '@playwright/test';
import { SMALL, waitForTrained } from './helpers';

const PREFIX = '/some/deep/path/';
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.gz': 'application/gzip',
};

let server: Server;
let port = 0;

test.beforeAll(async () => {
  const root = join(process.cwd(), 'dist');
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(PREFIX)) {
      res.writeHead(404).end();
      return;
    }
    let file = normalize(join(root, path.slice(PREFIX.length) || 'index.html'));
    if (file.startsWith(root) && existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file.startsWith(root) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});

test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

test('the built site trains when served from a sub-path', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(`http://localhost:${port}${PREFIX}?${SMALL}&autorun=1`);
  await waitForTrained(page);
  // A plain static host without COOP/COEP: still works, on single-threaded wasm, and says why.
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  await expect(page.getByTestId('backend-detail')).toContainText('1 thread (the page is not cross-origin isolated');
  expect(requests.filter((p) => !p.startsWith(PREFIX))).toEqual([]);
  expect(requests).toContain(`${PREFIX}data/manifest.json`);
});
