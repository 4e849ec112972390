import { describe, expect, it } from 'vitest';
import { chooseBackend, looksSoftware, type BackendEnv, type BackendName, type ProbeResult } from './chooseBackend';

function env(probes: Partial<Record<BackendName, ProbeResult>>, failing: BackendName[] = []) {
  const activated: BackendName[] = [];
  const e: BackendEnv = {
    probe: async (name) => probes[name] ?? { available: true, software: false, detail: name },
    activate: async (name) => {
      if (failing.includes(name)) throw new Error(`${name} init exploded`);
      activated.push(name);
    },
  };
  return { e, activated };
}

const swiftshader: ProbeResult = { available: true, software: true, detail: 'Google SwiftShader' };

describe('chooseBackend', () => {
  it('takes a real WebGPU adapter first', async () => {
    const { e, activated } = env({});
    const c = await chooseBackend(e, null);
    expect(c.name).toBe('webgpu');
    expect(c.reasons).toEqual([]);
    expect(activated).toEqual(['webgpu']);
  });

  it('skips software WebGPU and WebGL adapters and says why', async () => {
    const { e } = env({ webgpu: swiftshader, webgl: swiftshader });
    const c = await chooseBackend(e, null);
    expect(c.name).toBe('wasm');
    expect(c.reasons).toEqual([
      'webgpu skipped: software adapter (Google SwiftShader), not a GPU',
      'webgl skipped: software adapter (Google SwiftShader), not a GPU',
    ]);
  });

  it('uses a software adapter when it is forced', async () => {
    const { e } = env({ webgpu: swiftshader });
    const c = await chooseBackend(e, 'webgpu');
    expect(c).toMatchObject({ name: 'webgpu', requested: 'webgpu', reasons: [] });
  });

  it('falls back when the forced backend fails to initialise, keeping the reason', async () => {
    const { e } = env({}, ['webgl']);
    const c = await chooseBackend(e, 'webgl');
    expect(c.name).toBe('webgpu');
    expect(c.reasons).toEqual(['webgl failed to initialise: webgl init exploded']);
  });

  it('reports unavailable backends, honours exclusions, and fails when nothing works', async () => {
    const { e } = env({ webgpu: { available: false, software: false, detail: 'navigator.gpu is missing' } });
    const c = await chooseBackend(e, null, ['webgl']);
    expect(c.name).toBe('wasm');
    expect(c.reasons).toEqual(['webgpu unavailable: navigator.gpu is missing']);
    const { e: dead } = env({}, ['webgpu', 'webgl', 'wasm', 'cpu']);
    await expect(chooseBackend(dead, null)).rejects.toThrow(/no tfjs backend could be initialised/);
  });

  it('recognises software renderers', () => {
    expect(looksSoftware('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)')).toBe(true);
    expect(looksSoftware('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(looksSoftware('ANGLE (NVIDIA, NVIDIA GeForce RTX 4090)')).toBe(false);
  });
});

/** An environment whose start-up probe reports the given speeds (an Error: that probe fails). */
function racing(speeds: Partial<Record<BackendName, number | Error>>, probes: Partial<Record<BackendName, ProbeResult>> = {}) {
  const activated: BackendName[] = [];
  const measured: BackendName[] = [];
  const e: BackendEnv = {
    probe: async (name) => probes[name] ?? { available: true, software: false, detail: name === 'webgpu' ? 'NVIDIA H200' : name },
    activate: async (name) => {
      activated.push(name);
    },
    speed: async (name) => {
      measured.push(name);
      const v = speeds[name];
      if (v instanceof Error) throw v;
      return v ?? 0;
    },
    describe: (name) => (name === 'wasm' ? 'WebAssembly, SIMD, 8 threads' : undefined),
  };
  return { e, activated, measured };
}

describe('chooseBackend start-up probe (webgl against wasm)', () => {
  const noGpu: ProbeResult = { available: false, software: false, detail: 'no adapter' };

  it('keeps webgl when it trains faster, and says so', async () => {
    const { e, activated, measured } = racing({ webgl: 2500, wasm: 980 }, { webgpu: noGpu });
    const c = await chooseBackend(e, null);
    expect(c.name).toBe('webgl');
    expect(measured).toEqual(['webgl', 'wasm']);
    expect(activated.at(-1)).toBe('webgl');
    expect(c.reasons.at(-1)).toBe('start-up training probe: webgl 2500 images/s, wasm 980 images/s, so webgl is used');
  });

  it('switches to wasm when it trains faster than the GPU', async () => {
    const { e, activated } = racing({ webgl: 400, wasm: 980 }, { webgpu: noGpu });
    const c = await chooseBackend(e, null);
    expect(c.name).toBe('wasm');
    expect(activated.at(-1)).toBe('wasm');
    expect(c.reasons.at(-1)).toBe('start-up training probe: webgl 400 images/s, wasm 980 images/s, so wasm is used');
  });

  it('takes the one that works when the other probe fails', async () => {
    const { e } = racing({ webgl: new Error('context lost'), wasm: 700 }, { webgpu: noGpu });
    const c = await chooseBackend(e, null);
    expect(c.name).toBe('wasm');
    expect(c.reasons.at(-1)).toContain('webgl failed: context lost');
    const other = racing({ webgl: 300, wasm: new Error('no memory') }, { webgpu: noGpu });
    const d = await chooseBackend(other.e, null);
    expect(d.name).toBe('webgl');
    expect(other.activated.at(-1)).toBe('webgl');
  });

  it('does not race when a GPU backend is forced, or without a wasm backend', async () => {
    const forced = racing({ webgl: 1, wasm: 1000 });
    expect((await chooseBackend(forced.e, 'webgl')).name).toBe('webgl');
    expect(forced.measured).toEqual([]);
    const forcedGpu = racing({ webgpu: 1, wasm: 1000 });
    const c = await chooseBackend(forcedGpu.e, 'webgpu');
    expect(c.name).toBe('webgpu');
    expect(c.race).toBeUndefined();
    expect(forcedGpu.measured).toEqual([]);
    const noWasm = racing({ webgl: 1, wasm: 1000 }, { webgpu: noGpu, wasm: noGpu });
    expect((await chooseBackend(noWasm.e, null)).name).toBe('webgl');
    expect(noWasm.measured).toEqual([]);
    const gpuNoWasm = racing({ webgpu: 1, wasm: 1000 }, { wasm: noGpu });
    expect((await chooseBackend(gpuNoWasm.e, null)).name).toBe('webgpu');
    expect(gpuNoWasm.measured).toEqual([]);
  });

  it('puts both figures into the choice for the badge', async () => {
    const { e } = racing({ webgl: 400, wasm: 980 }, { webgpu: noGpu });
    const c = await chooseBackend(e, null);
    expect(c.race).toEqual({ gpu: 'webgl', gpuImagesPerSec: 400, wasmImagesPerSec: 980, winner: 'wasm' });
  });
});

describe('chooseBackend start-up probe (webgpu against wasm)', () => {
  it('keeps a discrete GPU that trains faster, with both figures in the choice', async () => {
    const { e, activated, measured } = racing({ webgpu: 12000, wasm: 1500 });
    const c = await chooseBackend(e, null);
    expect(c).toMatchObject({ name: 'webgpu', detail: 'NVIDIA H200' });
    expect(measured).toEqual(['webgpu', 'wasm']);
    expect(activated).toEqual(['webgpu', 'wasm', 'webgpu']);
    expect(c.reasons).toEqual(['start-up training probe: webgpu 12000 images/s, wasm 1500 images/s, so webgpu is used']);
    expect(c.race).toEqual({ gpu: 'webgpu', gpuImagesPerSec: 12000, wasmImagesPerSec: 1500, winner: 'webgpu' });
  });

  it('takes wasm when an integrated GPU trains slower, and never tries webgl after that', async () => {
    const { e, activated, measured } = racing({ webgpu: 700, webgl: 5000, wasm: 1500 });
    const c = await chooseBackend(e, null);
    expect(c).toMatchObject({ name: 'wasm', detail: 'WebAssembly, SIMD, 8 threads' });
    expect(measured).toEqual(['webgpu', 'wasm']);
    expect(activated.at(-1)).toBe('wasm');
    expect(c.reasons.at(-1)).toBe('start-up training probe: webgpu 700 images/s, wasm 1500 images/s, so wasm is used');
    expect(c.race).toMatchObject({ gpuImagesPerSec: 700, wasmImagesPerSec: 1500, winner: 'wasm' });
  });

  it('keeps WebGPU when the wasm probe fails, and takes wasm when the WebGPU probe fails', async () => {
    const wasmFails = await chooseBackend(racing({ webgpu: 300, wasm: new Error('out of memory') }).e, null);
    expect(wasmFails.name).toBe('webgpu');
    expect(wasmFails.race).toMatchObject({ gpuImagesPerSec: 300, wasmImagesPerSec: null, winner: 'webgpu' });
    expect(wasmFails.reasons.at(-1)).toContain('wasm failed: out of memory');
    const gpuFails = await chooseBackend(racing({ webgpu: new Error('device lost'), wasm: 900 }).e, null);
    expect(gpuFails.name).toBe('wasm');
    expect(gpuFails.race).toMatchObject({ gpuImagesPerSec: null, wasmImagesPerSec: 900 });
  });

  it('does not race a software WebGPU adapter: it is skipped before any probe', async () => {
    const { e, measured } = racing({ webgpu: 9, webgl: 2000, wasm: 1000 }, { webgpu: swiftshader });
    const c = await chooseBackend(e, null);
    expect(c.name).toBe('webgl');
    expect(measured).toEqual(['webgl', 'wasm']);
    expect(c.reasons[0]).toBe('webgpu skipped: software adapter (Google SwiftShader), not a GPU');
  });

  it('races after a lost device excluded WebGPU', async () => {
    const { e } = racing({ webgl: 100, wasm: 900 });
    const c = await chooseBackend(e, null, ['webgpu']);
    expect(c.name).toBe('wasm');
    expect(c.race?.gpu).toBe('webgl');
  });
});
