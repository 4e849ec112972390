// Backend choice (DESIGN.md §7): webgpu → webgl → wasm → cpu. Software adapters
// (SwiftShader, llvmpipe) are not GPUs and are skipped unless forced. Every skipped or
// failed candidate leaves a reason, shown next to the backend badge.
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
    return { name, requested, reasons, detail: probe.detail };
  }
  throw new Error(`no tfjs backend could be initialised (${reasons.join('; ')})`);
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
