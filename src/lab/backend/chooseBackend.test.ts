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
