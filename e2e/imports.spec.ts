// Imports one at a time: from the moment files are chosen (while they are still being read)
// the import control is disabled, so a second choice cannot be made by hand, and the message
// names the chosen file. One made anyway (by a script) overtakes the first: the control stays
// off until it is over, and nothing of the first is left on screen.
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

test('a file chosen while another is read overtakes it: the control stays off until the later one is over, and only it is named', async ({ page }) => {
  // A slow disk: the first file takes 1.5 s to read, the second 4 s. The second choice comes by
  // script, as the control is off by then.
  await page.addInitScript(() => {
    const read = File.prototype.arrayBuffer;
    File.prototype.arrayBuffer = function (this: File) {
      const ms = this.name.startsWith('second') ? 4000 : 1500;
      return new Promise<ArrayBuffer>((resolve, reject) => setTimeout(() => read.call(this).then(resolve, reject), ms));
    };
  });
  await page.goto('./?start=trained&test=256');
  await settled(page);
  const input = page.getByTestId('import-input');
  await input.setInputFiles({ name: 'first-model.json', mimeType: 'application/json', buffer: Buffer.from('{"first":') });
  await input.setInputFiles({ name: 'second-model.json', mimeType: 'application/json', buffer: Buffer.from('{"second":') });
  // The first file's read is over, the second's is not: the control must still be off.
  await page.waitForTimeout(2500);
  expect(await input.isDisabled(), 'the control is off while the later file is read').toBe(true);
  await expect(page.getByTestId('import-error')).toContainText('Import failed (second-model.json): ', { timeout: 30_000 });
  await expect(page.getByText(/first-model\.json/)).toHaveCount(0);
  await expect(input).toBeEnabled();
});
