// Playwright: Debian Chromium (never a downloaded browser), the built app served by
// `vite preview`, one worker (training is CPU-heavy on a 2-core machine), portable
// screenshot baselines in e2e/__screenshots__. Service workers are blocked: each test's fresh
// context would otherwise install the app's (precaching every script) for nothing; the one
// spec about offline use allows it.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './e2e/chromium';

const executablePath = chromiumPath();
/** PRUNELAB_PORT serves the build on another port (several checkouts testing side by side). */
const port = Number(process.env.PRUNELAB_PORT ?? 4173);
/** PRUNELAB_URL runs the suite against a build served elsewhere (e.g. an older one, to see a test fail before a fix). */
const external = process.env.PRUNELAB_URL;

export default defineConfig({
  testDir: 'e2e',
  timeout: 180_000,
  expect: {
    timeout: 20_000,
    // screenshot.css gives timings a fixed-width box while a screenshot is taken.
    toHaveScreenshot: { maxDiffPixels: 100, animations: 'disabled', caret: 'hide', stylePath: 'e2e/screenshot.css' },
  },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-results.json' }]],
  snapshotPathTemplate: '{testDir}/__screenshots__/{testFileName}/{arg}{ext}',
  webServer: external
    ? undefined
    : {
        command: `npx vite preview --port ${port} --strictPort`,
        url: `http://localhost:${port}/`,
        reuseExistingServer: !process.env.CI,
        timeout: 60_000,
      },
  use: {
    baseURL: external ?? `http://localhost:${port}/`,
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    colorScheme: 'light',
    locale: 'en-US',
    timezoneId: 'UTC',
    serviceWorkers: 'block',
    launchOptions: {
      executablePath,
      args: [...CHROMIUM_ARGS, '--font-render-hinting=none'],
    },
  },
});
