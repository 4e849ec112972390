// Bad input never blanks the page: missing or corrupt data, a backend that cannot
// start, and invalid URL parameters each show a clear message and the rest keeps working.
import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { SMALL, waitForState } from './helpers';

test('a missing data file shows an error and the page stays alive', async ({ page, context }) => {
  await context.route('**/data/mnist/train-labels-idx1-ubyte.gz', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto(`./?${SMALL}`);
  await waitForState(page, 'error');
  await expect(page.getByTestId('error-message')).toContainText('Could not download mnist/train-labels-idx1-ubyte.gz (HTTP 404');
  await expect(page.getByTestId('backend-name')).toHaveText(/^(webgpu|webgl|wasm|cpu)$/);
  await expect(page.getByTestId('dataset-status')).toContainText('could not be loaded');
  await expect(page.getByTestId('train-button')).toBeDisabled();
  // Nothing can train without the data: the notice offers Retry (not Dismiss), and the rest
  // of the page stays on screen.
  await expect(page.getByRole('button', { name: 'Retry' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Dismiss' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: /Train LeNet-5/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: /Prune, fine-tune, re-test/ })).toBeVisible();
});

test('corrupt gzip data is reported precisely', async ({ page, context }) => {
  const garbage = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  await context.route('**/data/mnist/t10k-labels-idx1-ubyte.gz', (route) => route.fulfill({ status: 200, body: garbage }));
  await page.goto(`./?${SMALL}`);
  await waitForState(page, 'error');
  await expect(page.getByTestId('error-message')).toContainText('Could not decompress mnist/t10k-labels-idx1-ubyte.gz (corrupt gzip data');
});

test('a data file with the wrong content fails its checksum', async ({ page, context }) => {
  const labels = Buffer.alloc(8 + 10000);
  labels.writeUInt32BE(0x00000801, 0);
  labels.writeUInt32BE(10000, 4);
  await context.route('**/data/mnist/t10k-labels-idx1-ubyte.gz', (route) =>
    route.fulfill({ status: 200, body: gzipSync(labels) }),
  );
  await page.goto(`./?${SMALL}`);
  await waitForState(page, 'error');
  await expect(page.getByTestId('error-message')).toContainText('SHA-256 checksum differs');
});

test('a forced backend that fails to initialise falls back with a visible reason', async ({ page, context }) => {
  await context.route('**/*.wasm', (route) => route.fulfill({ status: 404, body: '' }));
  await page.goto(`./?${SMALL}&backend=wasm`);
  await waitForState(page, 'ready');
  await expect(page.getByTestId('url-warnings')).toContainText('Backend wasm could not be used');
  await expect(page.getByTestId('backend-name')).not.toHaveText('wasm');
  await expect(page.getByTestId('train-button')).toBeEnabled();
});

test('invalid URL parameters warn and fall back to defaults', async ({ page }) => {
  await page.goto('./?train=0&test=256&epochs=abc&backend=tpu&foo=1');
  const warnings = page.getByTestId('url-warnings');
  await expect(warnings).toContainText('Invalid train="0" (an integer 1–60000): using 60000.');
  await expect(warnings).toContainText('Invalid epochs="abc"');
  await expect(warnings).toContainText('Invalid backend="tpu"');
  await expect(warnings).toContainText('Unknown URL parameter "foo" ignored.');
  await waitForState(page, 'ready');
  await expect(page.getByTestId('dataset-status')).toHaveText('MNIST: 60,000 training / 256 test images');
  await expect(page.getByTestId('train-button')).toBeEnabled();
});
