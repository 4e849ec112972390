// The server's headers: every file the app loads comes with the isolation headers, the
// Content-Security-Policy, nosniff and a referrer policy; another page cannot frame the
// app; a missing data file is a 404, not index.html; and nothing the app does (start-up,
// training, a slider move, the draw canvas) is blocked by the policy.
import { expect, test, type Page } from '@playwright/test';
import { SERVE_HEADERS } from '../scripts/build/vite/serveHeaders';
import { settled, SMALL, waitForTrained } from './helpers';

/** Collects every CSP violation the page or its workers report, from events and the console. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|worker sent an error/i.test(msg.text())) violations.push(msg.text());
  });
  // A blocked importScripts() in a worker shows only as an error, not as a CSP message.
  page.on('pageerror', (e) => violations.push(`page error: ${e.message}`));
  await page.exposeFunction('__reportViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __reportViolation: (t: string) => void }).__reportViolation;
      void report(`${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  return violations;
}

test('every response carries the CSP, nosniff, referrer and isolation headers, and nothing the app does is blocked', async ({ page }) => {
  const violations = await watchViolations(page);
  const unheaded: string[] = [];
  page.on('response', (res) => {
    if (!res.url().startsWith('http://localhost')) return;
    const h = res.headers();
    for (const [name, value] of Object.entries(SERVE_HEADERS)) {
      if (h[name.toLowerCase()] !== value) unheaded.push(`${res.url()}: ${name} = ${h[name.toLowerCase()] ?? '(none)'}`);
    }
  });
  await page.goto(`./?${SMALL}&autorun=1`);
  await waitForTrained(page);
  await expect(page.evaluate(() => crossOriginIsolated)).resolves.toBe(true);

  await page.getByTestId('prune-slider').fill('0.6');
  await settled(page);

  const canvas = page.getByTestId('draw-canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no canvas');
  await page.mouse.move(box.x + 70, box.y + 60);
  await page.mouse.down();
  await page.mouse.move(box.x + 210, box.y + 60, { steps: 8 });
  await page.mouse.move(box.x + 120, box.y + 230, { steps: 8 });
  await page.mouse.up();
  await expect(page.getByTestId('draw-prediction-dense').locator('li')).toHaveCount(3);

  expect(unheaded).toEqual([]);
  expect(violations).toEqual([]);
});

test('the CSP values are the ones the README tells a host to send', async ({ request }) => {
  const res = await request.get('./');
  expect(res.status()).toBe(200);
  const csp = res.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval' blob:");
  const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
  expect(scriptSrc).not.toMatch(/'unsafe-eval'|'unsafe-inline'/);
  expect(csp).toContain("object-src 'none'");
  expect(res.headers()['x-content-type-options']).toBe('nosniff');
  expect(res.headers()['referrer-policy']).toBe('no-referrer');
});

test('a missing data file is a 404, not index.html; a present one is served', async ({ request }) => {
  const missing = await request.get('./data/mnist/no-such-file.gz');
  expect(missing.status()).toBe(404);
  expect(await missing.text()).not.toContain('<html');
  expect((await request.get('./data/nope/deeper/x.json')).status()).toBe(404);
  const present = await request.get('./data/manifest.json');
  expect(present.status()).toBe(200);
  expect(present.headers()['content-type']).toContain('json');
});

test('no page can frame the app, not even one of its own origin', async ({ page }) => {
  // A page on the app's own origin (served by the route) frames it: frame-ancestors 'none' refuses.
  await page.route('**/framer-test.html', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<iframe id="f" src="./" width="400" height="300"></iframe>' }),
  );
  await page.goto('./framer-test.html');
  await page.waitForTimeout(2000);
  const framed = page.frames().filter((f) => f !== page.mainFrame());
  expect(framed).toHaveLength(1);
  expect(framed[0].url()).not.toMatch(/^http/);
  await expect(page.frameLocator('#f').locator('#root')).toHaveCount(0);
});
