// Imports one at a time: from the moment files are chosen (while they are still being read)
// the import control is disabled, so a second choice cannot overtake the first, and the
// message names the chosen file.
import { expect, test } from '@playwright/test';
import { settled } from './helpers';

test('the import control is disabled from the choice until the import is over, and its message names the file', async ({ page }) => {
  // A slow disk: reading a chosen file takes 2 s.
  await page.addInitScript(() => {
    const read = File.prototype.arrayBuffer;
    File.prototype.arrayBuffer = function (this: File) {
      return new Promise<ArrayBuffer>((resolve, reject) => setTimeout(() => read.call(this).then(resolve, reject), 2000));
    };
  });
  await page.goto('./?start=trained&test=256');
  await settled(page);
  const input = page.getByTestId('import-input');
  await expect(input).toBeEnabled();
  await input.setInputFiles({ name: 'first-model.json', mimeType: 'application/json', buffer: Buffer.from('{"not a model":') });
  await expect(input).toBeDisabled({ timeout: 500 });
  await expect(page.getByText('Reading first-model.json…')).toBeVisible();
  await expect(page.getByTestId('import-error')).toContainText('Import failed (first-model.json): ', { timeout: 30_000 });
  await expect(input).toBeEnabled();
});
