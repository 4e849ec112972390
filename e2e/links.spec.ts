// Nothing lost through links and imports: an imported model is stored like a fine-tune
// (a reload and a second tab restore it), it is labelled as what it is (its own reference,
// with its zeros), and a link copied from a fine-tuned checkpoint says it carries the
// settings, not the weights, where it is copied and on the page it opens.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { settled, SMALL, waitForState, waitForTrained } from './helpers';

/** The compare panel's reference column for one row. */
const referenceCell = (page: Page, row: string) => page.getByTestId('compare-panel').locator('tr', { has: page.locator(`th:text-is("${row}")`) }).locator('td').first();

async function expectImportedReference(page: Page, id: number, accuracy: string): Promise<void> {
  await expect(page.getByTestId('reference-label')).toHaveText(`Imported model (#${id}): test accuracy`);
  await expect(page.getByTestId('dense-accuracy')).toHaveText(accuracy);
  await expect(page.getByTestId('compare-reference')).toHaveText(`imported #${id}`);
  await expect(referenceCell(page, 'Zeros in the selected layers')).toHaveText('50.0%');
  await expect(referenceCell(page, 'Test accuracy')).toHaveText(accuracy);
}

test('an imported 50 %-sparse model is its own reference, is stored, and survives a reload and a second tab', async ({ page, context }) => {
  await page.goto(`./?${SMALL}&autorun=1&rate=0.5`);
  await waitForTrained(page);
  await settled(page);
  const dense = (await page.getByTestId('dense-accuracy').textContent()) ?? '';
  const pruned = (await page.getByTestId('test-accuracy').textContent()) ?? '';
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-button').click()]);
  const zip = join(mkdtempSync(join(tmpdir(), 'prunelab-links-')), download.suggestedFilename());
  await download.saveAs(zip);

  // Into the trained lab: the import is checkpoint #1 and the reference while pruning from it.
  await page.getByTestId('import-input').setInputFiles(zip);
  await expect(page.getByTestId('import-status')).toContainText(`test accuracy ${pruned}`);
  await settled(page);
  await expectImportedReference(page, 1, pruned);
  await expect(page.getByTestId('storage-status')).toContainText('(2 checkpoints)');
  await page.getByTestId('anchor-select').selectOption('0');
  await settled(page);
  await expect(page.getByTestId('reference-label')).toHaveText('Dense test accuracy');
  await expect(page.getByTestId('dense-accuracy')).toHaveText(dense);
  await expect(page.getByTestId('compare-reference')).toHaveText('dense');

  // Into an untrained lab: checkpoint #0, stored as the start of this experiment's history.
  const fresh = './?train=512&test=256&epochs=1&seed=2';
  await page.goto(fresh);
  await waitForState(page, 'ready');
  await expect(page.getByTestId('dense-accuracy')).toHaveText('—');
  await page.getByTestId('import-input').setInputFiles(zip);
  await expect(page.getByTestId('import-status')).toContainText(`test accuracy ${pruned}`);
  await settled(page);
  await expectImportedReference(page, 0, pruned);
  await expect(page.getByTestId('sparsity-total')).toHaveText('50.0%');
  await expect(page.getByTestId('storage-status')).toContainText('Saved in this browser (1 checkpoint)');

  await page.reload();
  await waitForState(page, 'ready');
  await expect(page.getByTestId('restored-note')).toContainText("Restored from this browser's storage, imported");
  await expect(page.getByTestId('train-progress')).not.toContainText('Not trained yet');
  await settled(page);
  await expectImportedReference(page, 0, pruned);
  await expect(page.getByTestId('test-accuracy')).toHaveText(pruned);

  const other = await context.newPage();
  await other.goto(fresh);
  await waitForState(other, 'ready');
  await settled(other);
  await expectImportedReference(other, 0, pruned);
  await other.close();
});

test('a link copied from a fine-tuned checkpoint says it carries the settings, and the page it opens says so', async ({ page, context, browser }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(`./?${SMALL}&autorun=1`);
  await waitForTrained(page);
  await page.getByTestId('prune-slider').fill('0.5');
  await settled(page);
  const pruned = (await page.getByTestId('test-accuracy').textContent()) ?? '';

  // Before a fine-tune the link recreates what is on screen: no marker, no note.
  await page.getByTestId('copy-link').click();
  await expect(page.getByText('Link copied.')).toBeVisible();
  await expect(page.getByTestId('copy-link-note')).toHaveCount(0);
  expect(new URL(await page.evaluate(() => navigator.clipboard.readText())).searchParams.get('from')).toBeNull();

  await page.getByTestId('finetune-button').click();
  await expect(page.getByTestId('anchor-select')).toHaveValue('1', { timeout: 120_000 });
  await settled(page);
  await page.getByTestId('copy-link').click();
  await expect(page.getByText('Link copied.')).toBeVisible();
  await expect(page.getByTestId('copy-link-note')).toHaveText('This link recreates the settings; fine-tuned checkpoint #1 lives in this browser: export it to share it.');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(Object.fromEntries(new URL(link).searchParams)).toEqual({ train: '512', test: '256', epochs: '1', rate: '0.5', from: 'finetuned', autorun: '1' });
  expect(new URL(page.url()).searchParams.get('from')).toBeNull(); // the address bar describes this page only

  // Another browser (no stored models) opens the link: the freshly trained model, and a note saying so.
  const elsewhere = await browser.newContext();
  const opened = await elsewhere.newPage();
  await opened.goto(link);
  await expect(opened.getByTestId('link-origin-note')).toContainText(
    'This link was made from a fine-tuned checkpoint; a link carries settings, not weights, so you see the freshly trained model with these settings.',
  );
  await expect(opened.getByTestId('url-warnings')).toHaveCount(0);
  await waitForTrained(opened);
  await settled(opened);
  await expect(opened.getByTestId('sparsity-total')).toHaveText('50.0%');
  await expect(opened.getByTestId('test-accuracy')).toHaveText(pruned);
  await expect.poll(() => new URL(opened.url()).searchParams.get('from')).toBeNull();

  // An invalid marker is warned about like any other value.
  await opened.goto(new URL(`./?${SMALL}&from=weights`, link).href);
  await expect(opened.getByTestId('url-warnings')).toContainText('Invalid from="weights" (use finetuned, schedule or imported): using no marker.');
  await expect(opened.getByTestId('link-origin-note')).toHaveCount(0);
  await elsewhere.close();
});
