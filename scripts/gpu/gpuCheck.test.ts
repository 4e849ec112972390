// Runs the GPU harness's correctness parts (gradients of every training kernel against
// tfjs cpu, and a device lost mid-training) on whatever WebGPU adapter Dawn finds: on CI
// and the reference machine that is Chromium's SwiftShader, so the WebGPU kernels are
// checked on every `npm test`. Skipped, saying why, where no adapter can be created.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const LAUNCH = fileURLToPath(new URL('./launch.mjs', import.meta.url));

interface Summary {
  readonly adapter: string | null;
  readonly software: boolean | null;
  readonly gradMaxRelErr?: number;
  readonly deviceLossRecovered?: boolean;
  readonly ok: boolean;
}

describe('gpu-check (WebGPU through Dawn)', () => {
  it('WebGPU gradients match cpu within 1e-3 and training survives a destroyed device', { timeout: 600_000 }, (ctx) => {
    const r = spawnSync(process.execPath, [LAUNCH, '--parts', 'grad,loss', '--quick'], { encoding: 'utf8', timeout: 590_000 });
    const out = `${r.stdout}\n${r.stderr}`;
    const last = r.stdout.trim().split('\n').at(-1) ?? '';
    const summary = JSON.parse(last.startsWith('{') ? last : '{"adapter":null,"ok":false}') as Summary;
    if (r.status === 3 && summary.adapter === null) {
      console.warn(`gpu-check skipped: no WebGPU adapter could be created here (no Vulkan driver, not even Chromium's SwiftShader)\n${out}`);
      ctx.skip();
    }
    expect(summary.adapter, out).toEqual(expect.any(String));
    expect(summary.gradMaxRelErr, out).toBeLessThanOrEqual(1e-3);
    expect(summary.deviceLossRecovered, out).toBe(true);
    expect(summary.ok, out).toBe(true);
    expect(r.status, out).toBe(0);
  });
});
