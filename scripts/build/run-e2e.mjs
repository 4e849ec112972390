// Runs the Playwright e2e suite against Debian Chromium: finds the browser at $CHROME_PATH
// or /usr/bin/chromium and, if there is none, says plainly how to get one.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
const chrome = candidates.find((p) => existsSync(p));
if (!chrome) {
  console.error(
    'e2e: no Chromium found (looked at $CHROME_PATH, /usr/bin/chromium, /usr/bin/chromium-browser).\n' +
      '  Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y chromium\n' +
      '  Elsewhere: install Chromium or Chrome and set CHROME_PATH=/path/to/chrome\n' +
      '  (Do not use "npx playwright install": this project drives the system browser.)',
  );
  process.exit(2);
}
const args = ['playwright', 'test', ...process.argv.slice(2)];
const result = spawnSync('npx', args, { stdio: 'inherit', env: { ...process.env, CHROME_PATH: chrome } });
process.exit(result.status ?? 1);
