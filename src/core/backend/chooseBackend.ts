// Backend choice (docs/architecture.md, Backends): webgpu → webgl → wasm → cpu. Software adapters
// (SwiftShader, llvmpipe) are not GPUs and are skipped unless forced. When the automatic
// choice lands on a real GPU (WebGPU, or WebGL past it) while wasm is also there, a short
// training probe on both decides (wasm with its fast gradient kernels beats many
// integrated GPUs); both figures go into the choice for the badge. Every skipped or
// failed candidate, and the probe's figures, leave a reason for the badge.
// Pure logic: probing and activation are injected, so this is unit-tested in Node.

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface ProbeResult {
  readonly available: boolean;
  /** True for a software rasteriser posing as a GPU. */
  readonly software: boolean;
  /** Adapter/renderer description or why it is unavailable. */
  readonly detail: string;
}

export interface BackendEnv {
  probe(name: BackendName): Promise<ProbeResult>;
  /** Makes `name` the active tfjs backend; throws if it cannot initialise. */
  activate(name: BackendName): Promise<void>;
  /** Training speed (images/s) of the active backend, from a short probe; omit to skip the race. */
  speed?(name: BackendName): Promise<number>;
  /** What the active backend turned out to be (e.g. wasm's SIMD and thread count); probe detail if absent. */
  describe?(name: BackendName): string | undefined;
}

export type GpuBackendName = 'webgpu' | 'webgl';

/** The start-up training probe's figures: LeNet-5 training images/s on the GPU and on wasm. */
export interface BackendRace {
  readonly gpu: GpuBackendName;
  /** Images/s, or null when that probe failed (its error is in the choice's reasons). */
  readonly gpuImagesPerSec: number | null;
  readonly wasmImagesPerSec: number | null;
  readonly winner: GpuBackendName | 'wasm';
}

export interface BackendChoice {
  readonly name: BackendName;
  /** The backend the URL asked for, if any. */
  readonly requested: BackendName | null;
  /** Why earlier candidates were not used (empty when the first choice worked). */
  readonly reasons: readonly string[];
  readonly detail: string;
  /** Present when the start-up probe raced a GPU backend against wasm. */
  readonly race?: BackendRace;
}

export async function chooseBackend(
  env: BackendEnv,
  requested: BackendName | null,
  exclude: readonly BackendName[] = [],
): Promise<BackendChoice> {
  const order = requested ? [requested, ...BACKEND_ORDER.filter((b) => b !== requested)] : [...BACKEND_ORDER];
  const reasons: string[] = [];
  for (const name of order) {
    if (exclude.includes(name)) continue;
    let probe: ProbeResult;
    try {
      probe = await env.probe(name);
    } catch (e) {
      probe = { available: false, software: false, detail: errorText(e) };
    }
    if (!probe.available) {
      reasons.push(`${name} unavailable: ${probe.detail}`);
      continue;
    }
    if (probe.software && name !== requested) {
      reasons.push(`${name} skipped: software adapter (${probe.detail}), not a GPU`);
      continue;
    }
    try {
      await env.activate(name);
    } catch (e) {
      reasons.push(`${name} failed to initialise: ${errorText(e)}`);
      continue;
    }
    const detail = env.describe?.(name) ?? probe.detail;
    if ((name === 'webgpu' || name === 'webgl') && !requested && env.speed && !exclude.includes('wasm')) {
      const race = await raceAgainstWasm(env, name, reasons);
      if (race?.winner === 'wasm') return { name: 'wasm', requested, reasons, detail: env.describe?.('wasm') ?? 'WebAssembly', race };
      if (race) return { name, requested, reasons, detail, race };
    }
    return { name, requested, reasons, detail };
  }
  throw new Error(`no tfjs backend could be initialised (${reasons.join('; ')})`);
}

/**
 * A GPU backend (already active) against wasm: measures both and leaves the faster one
 * active. Null when wasm is unavailable (no race: the GPU backend stays).
 */
async function raceAgainstWasm(env: BackendEnv, gpu: GpuBackendName, reasons: string[]): Promise<BackendRace | null> {
  const speed = env.speed;
  if (!speed) return null;
  let wasmProbe: ProbeResult;
  try {
    wasmProbe = await env.probe('wasm');
  } catch (e) {
    wasmProbe = { available: false, software: false, detail: errorText(e) };
  }
  if (!wasmProbe.available) return null;
  const measure = async (name: BackendName): Promise<number | string> => {
    try {
      if (name === 'wasm') await env.activate(name);
      const v = await speed(name);
      return Number.isFinite(v) && v > 0 ? v : `no valid figure (${v})`;
    } catch (e) {
      return errorText(e);
    }
  };
  const onGpu = await measure(gpu);
  const wasm = await measure('wasm');
  const fmt = (v: number | string) => (typeof v === 'number' ? `${Math.round(v)} images/s` : `failed: ${v}`);
  const winner = typeof wasm === 'number' && (typeof onGpu !== 'number' || wasm > onGpu) ? 'wasm' : gpu;
  reasons.push(`start-up training probe: ${gpu} ${fmt(onGpu)}, wasm ${fmt(wasm)}, so ${winner} is used`);
  // wasm was activated to be measured: go back to the GPU backend unless wasm won.
  if (winner === gpu) await env.activate(gpu);
  const figure = (v: number | string) => (typeof v === 'number' ? v : null);
  return { gpu, gpuImagesPerSec: figure(onGpu), wasmImagesPerSec: figure(wasm), winner };
}

export function isBackendName(value: string): value is BackendName {
  return (BACKEND_ORDER as readonly string[]).includes(value);
}

/** Recognises software rasterisers from adapter or renderer strings. */
export function looksSoftware(description: string): boolean {
  return /swiftshader|llvmpipe|softpipe|software|basic render driver/i.test(description);
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
