// The README's "Deploying" section tells other hosts to send exactly the headers the
// dev and preview servers send; a missing data file is told apart from a present one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEV_HEADERS, SERVE_HEADERS, isMissingDataFile } from './serveHeaders';

const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
const deploying = readme.slice(readme.indexOf('## Deploying'), readme.indexOf('## How it is built'));

describe('serve headers', () => {
  it('the README _headers block and nginx snippet list every header with its value', () => {
    for (const [name, value] of Object.entries(SERVE_HEADERS)) {
      expect(deploying).toContain(`  ${name}: ${value}\n`);
      expect(deploying).toContain(`add_header ${name} "${value}" always;`);
    }
  });

  it('the production policy allows no inline or eval script; dev adds only what hot reload needs', () => {
    const script = SERVE_HEADERS['Content-Security-Policy'].split('; ').find((d) => d.startsWith('script-src '));
    expect(script).toBe("script-src 'self' 'wasm-unsafe-eval' blob:");
    expect(SERVE_HEADERS['Content-Security-Policy']).toContain("frame-ancestors 'none'");
    expect(DEV_HEADERS['Content-Security-Policy']).toContain("'unsafe-inline'");
    expect(DEV_HEADERS['Content-Security-Policy']).toContain('ws:');
  });

  it('a missing data file is missing; a present one, a directory, paths outside data/ are told apart', () => {
    const root = join(process.cwd(), 'public');
    expect(isMissingDataFile(root, '/data/manifest.json')).toBe(false);
    expect(isMissingDataFile(root, '/data/mnist/no-such-file.gz')).toBe(true);
    expect(isMissingDataFile(root, '/data/mnist')).toBe(true);
    expect(isMissingDataFile(root, '/data/../index.html')).toBe(true);
    expect(isMissingDataFile(root, '/index.html')).toBe(false);
    expect(isMissingDataFile(root, '/data/%E0%A4%A')).toBe(true);
  });
});
