// A data file that never answers does not leave the page loading for ever: after the stall
// time (shortened here with ?stall=) the page names the file and offers Retry, and Retry
// loads the data once the server answers again.
import { expect, test } from '@playwright/test';
import { SMALL, waitForState } from './helpers';

test('a data file that never answers fails with a named stall error, and Retry then loads the data', async ({ page, context }) => {
  const file = '**/data/mnist/t10k-labels-idx1-ubyte.gz';
  await context.route(file, () => undefined);
  const started = Date.now();
  await page.goto(`./?${SMALL}&stall=3`);
  await waitForState(page, 'error', 60_000);
  expect(Date.now() - started).toBeLessThan(45_000);
  await expect(page.getByTestId('error-message')).toContainText(
    'Could not download mnist/t10k-labels-idx1-ubyte.gz (no data arrived for 3 s, before the server answered): check your connection and press Retry.',
  );
  await expect(page.getByTestId('dataset-status')).toContainText('could not be loaded');
  await expect(page.getByTestId('train-button')).toBeDisabled();

  await context.unroute(file);
  await page.getByRole('button', { name: 'Retry' }).click();
  await waitForState(page, 'ready', 120_000);
  await expect(page.getByTestId('train-button')).toBeEnabled();
  await expect(page.getByTestId('error-message')).toHaveCount(0);
});

test('?stall= outside 1–600 is warned and the default of 30 s is used', async ({ page }) => {
  await page.goto(`./?${SMALL}&stall=0`);
  await expect(page.getByTestId('url-warnings')).toContainText('Invalid stall="0" (an integer 1–600): using 30.');
});
