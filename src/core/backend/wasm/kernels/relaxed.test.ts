// The relaxed-SIMD (fused multiply-add) build that Chromium runs matches the plain-SIMD build,
// checked in a child Node process that has relaxed SIMD enabled (see relaxedCheck.ts); there, too,
// the sparse one-channel conv equals the dense one bit for bit.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('relaxed-SIMD kernel build', () => {
  it('matches the plain-SIMD build (conv forward, dW, dx, matmul) within 1e-5 relative', () => {
    const script = fileURLToPath(new URL('./relaxedCheck.ts', import.meta.url));
    const r = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', '--import', 'tsx', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as { relaxedSimd: boolean; maxRelDiff: number; sparseOneChannelDiffers: number };
    expect(result.relaxedSimd).toBe(true);
    expect(result.maxRelDiff).toBeLessThanOrEqual(1e-5);
    expect(result.maxRelDiff).toBeGreaterThanOrEqual(0);
    expect(result.sparseOneChannelDiffers).toBe(0); // fused multiply-adds: the sparse one-channel conv still equals the dense one bit for bit
  });
});
