// Backend choice (DESIGN.md §7): webgpu → webgl → wasm → cpu. Software adapters
// (SwiftShader, llvmpipe) are not GPUs and are skipped unless forced. When the automatic
// choice falls past WebGPU to a real WebGL GPU while wasm is also there, a short training
// probe on both decides (wasm with its fast gradient kernels beats many integrated GPUs).
// Every skipped or failed candidate, and the probe's figures, leave a reason for the badge.
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

export interface BackendChoice {
  readonly name: BackendName;
  /** The backend the URL asked for, if any. */
  readonly requested: BackendName | null;
  /** Why earlier candidates were not used (empty when the first choice worked). */
  readonly reasons: readonly string[];
  readonly detail: string;
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
    if (name === 'webgl' && !requested && env.speed && !exclude.includes('wasm')) {
      const winner = await raceWebglWasm(env, reasons);
      if (winner === 'wasm') return { name: 'wasm', requested, reasons, detail: env.describe?.('wasm') ?? 'WebAssembly' };
    }
    return { name, requested, reasons, detail: env.describe?.(name) ?? probe.detail };
  }
  throw new Error(`no tfjs backend could be initialised (${reasons.join('; ')})`);
}

/**
 * WebGL (already active) against wasm: measures both and leaves the faster one active.
 * Returns 'wasm' when wasm won (the caller reports it), 'webgl' otherwise.
 */
async function raceWebglWasm(env: BackendEnv, reasons: string[]): Promise<BackendName> {
  const speed = env.speed;
  if (!speed) return 'webgl';
  let wasmProbe: ProbeResult;
  try {
    wasmProbe = await env.probe('wasm');
  } catch (e) {
    wasmProbe = { available: false, software: false, detail: errorText(e) };
  }
  if (!wasmProbe.available) return 'webgl';
  const measure = async (name: BackendName): Promise<number | string> => {
    try {
      if (name === 'wasm') await env.activate(name);
      const v = await speed(name);
      return Number.isFinite(v) && v > 0 ? v : `no valid figure (${v})`;
    } catch (e) {
      return errorText(e);
    }
  };
  const gl = await measure('webgl');
  const wasm = await measure('wasm');
  const fmt = (v: number | string) => (typeof v === 'number' ? `${Math.round(v)} images/s` : `failed: ${v}`);
  const winner: BackendName = typeof wasm === 'number' && (typeof gl !== 'number' || wasm > gl) ? 'wasm' : 'webgl';
  reasons.push(`start-up training probe: webgl ${fmt(gl)}, wasm ${fmt(wasm)}, so ${winner} is used`);
  // wasm was activated to be measured: go back to webgl unless wasm won.
  if (winner === 'webgl') await env.activate('webgl');
  return winner;
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
