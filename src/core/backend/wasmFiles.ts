// When the wasm backend cannot start, whether its WebAssembly files could be fetched at all:
// tfjs then reports only a confusing follow-on error ("The highest priority backend 'webgpu'
// has not yet been initialized…"), so the lab checks each file itself and names those that
// failed to load, with why (blocked, offline, an HTTP error).

/** A fetch as the check needs it (the global fetch, or a fake in tests). */
export type FileFetch = (url: string, init: { readonly method: string; readonly cache: RequestCache; readonly signal: AbortSignal }) => Promise<{ readonly ok: boolean; readonly status: number }>;

export interface UnloadableFile {
  readonly name: string;
  readonly problem: string;
}

const MAX_PROBLEM = 80;
const clipText = (s: string) => (s.length > MAX_PROBLEM ? `${s.slice(0, MAX_PROBLEM - 1)}…` : s);

/** The files (name → URL) that cannot be fetched within `timeoutMs`, each with why; [] when all load. */
export async function unloadableFiles(files: Readonly<Record<string, string>>, fetchFile: FileFetch, timeoutMs = 5000): Promise<UnloadableFile[]> {
  const checks = Object.entries(files).map(async ([name, url]): Promise<UnloadableFile | null> => {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    try {
      const r = await fetchFile(url, { method: 'GET', cache: 'no-store', signal: timeout.signal });
      return r.ok ? null : { name, problem: `HTTP ${r.status}` };
    } catch (e) {
      const problem = timeout.signal.aborted ? `no answer within ${timeoutMs / 1000} s` : e instanceof Error ? e.message : String(e);
      return { name, problem: clipText(problem) };
    } finally {
      clearTimeout(timer);
    }
  });
  return (await Promise.all(checks)).filter((f): f is UnloadableFile => f !== null);
}

/** "its WebAssembly files failed to load: a.wasm (Failed to fetch), b.wasm (HTTP 404)". */
export function wasmLoadFailure(failed: readonly UnloadableFile[], total: number): string {
  const which = failed.map((f) => `${f.name} (${f.problem})`).join(', ');
  const share = failed.length === total ? (total === 1 ? 'its WebAssembly file' : `all ${total} of its WebAssembly files`) : `${failed.length} of its ${total} WebAssembly files`;
  return `${share} failed to load: ${which}. Check the network, an ad or script blocker, or the server's /assets/*.wasm files`;
}
