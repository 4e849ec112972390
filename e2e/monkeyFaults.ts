// The invariants run's faults: a GPU device lost at a random moment (in a tab on WebGPU that
// restores the run's experiment), a second import chosen while the first is still being read,
// and a browser storage that fills up and then frees. Each returns what it did, in words, and
// checks what must hold right after it; the run's own checks follow.
//
// Storage: Chromium only honours a CDP quota override (Storage.overrideQuotaForOrigin) once
// IndexedDB asks the quota again, and it asks only when a write needs more than the room it
// remembered from the last answer. An override set after the origin has stored anything is
// never seen while that remembered room (gigabytes by default) lasts, so the run sets a
// quota before the first page loads, keeps it a little above what is stored (`keepRoom`), and
// fills the rest with a filler database of random bytes: the lab's next save then finds no
// room, as it would on a full disk, and deleting the filler frees it.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { loseDevice, waitForState } from './helpers';
import { expectConsistent, exportTo, pick, readouts } from './monkey';

/** Room above what is stored: more than any one action writes (the data files' cache among them), small enough to fill at once. */
const ROOM = 64 * 2 ** 20;
const FILLER_DB = 'monkey-filler';

export interface Quota {
  readonly cdp: CDPSession;
  readonly origin: string;
}

/** Sets the origin's quota before anything is stored (see the header), to ROOM at first. */
export async function startQuota(page: Page, baseURL: string): Promise<Quota> {
  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(baseURL).origin;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: ROOM });
  return { cdp, origin };
}

const usage = (page: Page) => page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);

/** Keeps the quota ROOM above what is stored now (after each action). */
export async function keepRoom(page: Page, quota: Quota): Promise<void> {
  await quota.cdp.send('Storage.overrideQuotaForOrigin', { origin: quota.origin, quotaSize: (await usage(page)) + ROOM });
}

/**
 * Writes random bytes (they do not compress) into a database of their own, 1 MB a
 * transaction, until the browser refuses one for want of room: less than 1 MB is left, less
 * than any checkpoint needs. Says how many megabytes went in and why the filling stopped.
 */
async function fill(page: Page, limit: number): Promise<{ mb: number; stop: string }> {
  return page.evaluate(
    async ([name, max]) => {
      const open = indexedDB.open(name, 1);
      open.onupgradeneeded = () => open.result.createObjectStore('filler');
      const db = await new Promise<IDBDatabase>((ok, no) => {
        open.onsuccess = () => ok(open.result);
        open.onerror = () => no(open.error);
      });
      const data = new Uint8Array(2 ** 20);
      let stop = 'limit';
      let mb = 0;
      for (; mb < max && stop === 'limit'; mb++) {
        for (let i = 0; i < data.length; i += 65536) crypto.getRandomValues(data.subarray(i, i + 65536));
        const tx = db.transaction('filler', 'readwrite');
        tx.objectStore('filler').put(data, mb);
        stop = await new Promise<string>((ok) => {
          tx.oncomplete = () => ok('limit');
          tx.onabort = () => ok(tx.error?.name ?? 'aborted');
        });
      }
      db.close();
      return { mb: stop === 'limit' ? mb : mb - 1, stop };
    },
    [FILLER_DB, limit] as const,
  );
}

const unfill = (page: Page) =>
  page.evaluate(
    (name) =>
      new Promise<void>((ok, no) => {
        const r = indexedDB.deleteDatabase(name);
        r.onsuccess = () => ok();
        r.onerror = () => no(r.error);
      }),
    FILLER_DB,
  );

async function click(page: Page, testid: string): Promise<boolean> {
  const el = page.getByTestId(testid);
  if (!(await el.isVisible()) || !(await el.isEnabled())) return false;
  await el.click();
  return true;
}

/**
 * The storage fills up (a filler takes all but < 1 MB of the quota) while a fine-tune is saved:
 * the lab says the storage is full. The filler goes: the next checkpoint is saved with the one
 * that waited, and the "full" message goes.
 */
export async function storageFillsAndFrees(page: Page, quota: Quota): Promise<string> {
  await keepRoom(page, quota);
  const filled = await fill(page, 2 * ROOM / 2 ** 20);
  expect(filled.stop, `the filler (${filled.mb} MB) stopped for want of room`).toBe('QuotaExceededError');
  try {
    if (!(await click(page, 'finetune-button'))) return 'storage fills (nothing to fine-tune)';
    await waitForState(page, 'ready', 90_000);
    await expect(page.getByTestId('storage-status'), 'a full storage is said').toHaveAttribute('data-status', 'full');
    await expect(page.getByTestId('storage-status')).toContainText('storage is full');
  } finally {
    await unfill(page);
    await keepRoom(page, quota);
  }
  if (!(await click(page, 'finetune-button'))) return 'storage fills, frees (no second fine-tune)';
  await waitForState(page, 'ready', 90_000);
  await expect(page.getByTestId('storage-status'), 'storage that frees is used again').toHaveAttribute('data-status', 'saved');
  await expect(page.getByTestId('storage-status')).not.toContainText('storage is full');
  return 'fine-tune on a full storage, then with room again';
}

/** Delays every File read by `__slowReadMs` (set by the page's test), as a slow disk would. */
export function slowReads(): void {
  const read = File.prototype.arrayBuffer;
  File.prototype.arrayBuffer = function (this: File) {
    const ms = (window as unknown as { __slowReadMs?: number }).__slowReadMs ?? 0;
    return new Promise<ArrayBuffer>((resolve, reject) => setTimeout(() => read.call(this).then(resolve, reject), ms));
  };
}

/** What the last import left on screen: the test's expectation of an import error, if any. */
export interface ImportExpectation {
  /** The file whose import failed last (its error may stay on screen until an import succeeds). */
  failed: string | null;
}

/**
 * A second file chosen while the first is still being read: the screen ends on the second
 * file's result and names it; nothing of the first (its name, its error) is left.
 */
export async function overlappingImports(page: Page, rng: () => number, dir: string, seen: ImportExpectation): Promise<string> {
  const input = page.getByTestId('import-input');
  if (!(await input.isEnabled())) return 'overlapping imports (import disabled)';
  const n = Math.floor(rng() * 1e9);
  const broken = (name: string) => {
    const path = join(dir, `${n}`, name);
    mkdirSync(join(dir, `${n}`), { recursive: true });
    writeFileSync(path, '{"format": "layers-model", "modelTopology": ');
    return path;
  };
  let valid: string | null = join(dir, `${n}`, `second-${n}.zip`);
  mkdirSync(join(dir, `${n}`), { recursive: true });
  // An export after Compact is refused on import: then both files fail.
  if (!(await page.getByTestId('export-button').isEnabled()) || (await exportTo(page, valid)).compact) valid = null;
  const first = pick(rng, [broken(`first-${n}.json`), ...(valid ? [valid.replace('second-', 'first-')] : [])]);
  if (valid && first.endsWith('.zip')) copyFileSync(valid, first);
  const second = valid && rng() < 0.6 ? valid : broken(`second-${n}.json`);
  const name = (p: string) => p.split('/').at(-1) ?? p;
  await page.evaluate(() => void ((window as unknown as { __slowReadMs?: number }).__slowReadMs = 1500));
  try {
    await input.setInputFiles(first);
    await page.waitForTimeout(Math.floor(rng() * 1000));
    // The control is off while the first file is read; a file chosen anyway (as a script or a
    // fast second choice would) must overtake the first, never be overtaken by it.
    await input.setInputFiles(second);
    const named = page.getByTestId('import-status').filter({ hasText: name(second) }).or(page.getByTestId('import-error').filter({ hasText: `(${name(second)})` }));
    await expect(named, 'the second file\'s result, naming it').toBeVisible({ timeout: 60_000 });
    await waitForState(page, 'ready', 60_000);
    await expect(input).toBeEnabled({ timeout: 30_000 });
  } finally {
    await page.evaluate(() => void ((window as unknown as { __slowReadMs?: number }).__slowReadMs = 0));
  }
  const messages = (await page.locator('[data-testid="import-status"], [data-testid="import-error"], [data-testid="error-message"]').allTextContents()).join(' | ');
  expect(messages, 'nothing of the first file is left on screen').not.toContain(name(first));
  if (second === valid) {
    await expect(page.getByTestId('import-error')).toHaveCount(0);
    await expect(page.getByTestId('import-status'), 'the second file is the one imported').toContainText(name(second));
    seen.failed = null;
  } else {
    await expect(page.getByTestId('import-error'), 'the error names the second file').toContainText(`(${name(second)})`);
    seen.failed = name(second);
  }
  return `overlapping imports (${name(first)} then ${name(second)})`;
}

/**
 * A tab on WebGPU opens the run's experiment (restored from storage) and loses its device
 * at a random moment: at start-up, right after a slider move, during a fine-tune or a sweep.
 * The lab says so (and says "kept" only when the restored checkpoints are all there), moves
 * to the next backend, settles consistent, and the next slider move leaves no error on
 * screen; a failed sweep says why.
 */
export async function deviceLoss(page: Page, context: BrowserContext, rng: () => number): Promise<string> {
  const url = new URL(page.url());
  url.searchParams.set('backend', 'webgpu');
  const moment = pick(rng, ['start-up', 'slider', 'fine-tune', 'sweep'] as const);
  const delay = Math.floor(rng() * (moment === 'start-up' ? 3000 : moment === 'slider' ? 100 : 2000));
  const stored = Number(/\((\d+) checkpoints?/.exec((await page.getByTestId('storage-status').textContent()) ?? '')?.[1] ?? 0);
  const other = await context.newPage();
  const t0 = Date.now();
  const s = () => `${((Date.now() - t0) / 1000).toFixed(0)} s`;
  const errors: string[] = [];
  other.on('pageerror', (e) => errors.push(e.message));
  try {
    await other.goto(url.href);
    await expect(other.getByTestId('backend-name')).toHaveText('webgpu', { timeout: 60_000 });
    if (moment !== 'start-up') {
      await expect(other.getByTestId('dense-accuracy')).toHaveText(/%$/, { timeout: 150_000 });
      await waitForState(other, 'ready', 150_000);
      const started =
        moment === 'slider'
          ? await other.getByTestId('prune-slider').isEnabled() && (await other.getByTestId('prune-slider').fill(pick(rng, ['0.3', '0.6', '0.9'])), true)
          : await click(other, moment === 'sweep' ? 'sweep-run' : 'finetune-button');
      if (!started) return `device loss (no ${moment} to run)`;
    }
    await other.waitForTimeout(delay);
    const lostAt = s();
    const lost = await loseDevice(other);
    const notice = other.getByTestId('lab-notice').filter({ hasText: 'The GPU device was lost' });
    if (lost) {
      // A tab at rest learns of the loss from the device's lost promise, which SwiftShader
      // settles only after tens of seconds; the user's next move meets the lost device at once.
      const told = await notice.waitFor({ timeout: 5000 }).then(() => true, () => false);
      if (!told && (await other.getByTestId('app').getAttribute('data-state')) === 'ready' && (await other.getByTestId('prune-slider').isEnabled())) {
        await other.getByTestId('prune-slider').fill(pick(rng, ['0.4', '0.75']));
      }
      // Either the lab says the device was lost and moves on, or (a worker that hung on the lost
      // device: seen mid fine-tune on SwiftShader) the watchdog says the worker was replaced.
      await expect(notice.or(other.getByTestId('worker-notice'))).toBeVisible({ timeout: 150_000 });
    }
    await expect(other.getByTestId('dense-accuracy')).toHaveText(/%$/, { timeout: 240_000 });
    await waitForState(other, 'ready', 240_000);
    const settledAt = s();
    const restarted = (await other.getByTestId('worker-notice').count()) > 0;
    if (lost && !restarted) await expect(other.getByTestId('backend-name')).not.toHaveText('webgpu');
    // "Kept" only when it is: the stored checkpoints the tab restored are all there.
    const kept = lost && (await notice.count()) > 0 && ((await notice.textContent()) ?? '').includes('kept');
    if (kept) expect(Math.max(1, await other.getByTestId('anchor-select').locator('option').count()), 'the checkpoints the notice says are kept').toBeGreaterThanOrEqual(stored);
    const failed = (await other.getByTestId('error-message').count()) ? ((await other.getByTestId('error-message').textContent()) ?? '') : '';
    if (moment === 'sweep' && failed.startsWith('Sweep failed')) expect(failed, 'a sweep the loss ended says why').toContain('GPU device was lost');
    else expect(failed, `no error after a device loss at ${moment}`).toBe('');
    await expect(other.getByText(/has not yet been initialized/)).toHaveCount(0);
    // The next slider move works on the new backend and leaves no pruning error.
    if (await other.getByTestId('prune-slider').isEnabled()) {
      await other.getByTestId('prune-slider').fill(pick(rng, ['0.2', '0.5', '0.8']));
      await waitForState(other, 'ready', 60_000);
      await expect(other.getByTestId('test-accuracy')).toHaveAttribute('data-stale', 'false', { timeout: 60_000 });
      await expect(other.getByTestId('error-message').filter({ hasText: 'Pruning failed' })).toHaveCount(0);
    }
    expectConsistent(await readouts(other), `after a device loss at ${moment}`);
    expect(errors, 'no page errors after a device loss').toEqual([]);
    const how = !lost ? ' (no device to lose: not on WebGPU then)' : restarted ? ' (THE WORKER HUNG: the watchdog replaced it)' : '';
    return `device lost at ${moment} (+${delay} ms)${how}; lost at ${lostAt}, settled at ${settledAt}, done at ${s()}`;
  } finally {
    await other.close();
  }
}
