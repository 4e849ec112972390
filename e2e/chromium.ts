// How PruneLab drives Debian Chromium (docs/architecture.md, Testing), shared by the Playwright config and
// the benchmark: the browser's path and the launch flags (WebGPU needs the unsafe flag and
// a localhost origin; the rest keep Chromium off the network this machine doesn't have).

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless=new',
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
];

export function chromiumPath(): string {
  return process.env.CHROME_PATH || '/usr/bin/chromium';
}
