// The wasm files check: every file that cannot be fetched is named with why, and the message
// says they failed to load instead of tfjs's follow-on error.
import { describe, expect, it } from 'vitest';
import { unloadableFiles, wasmLoadFailure, type FileFetch } from './wasmFiles';

const FILES = { 'tfjs-backend-wasm.wasm': '/a/plain.wasm', 'tfjs-backend-wasm-simd.wasm': '/a/simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm': '/a/threaded.wasm' };

describe('unloadableFiles', () => {
  it('names each file that fails to load, with why, and none when all load', async () => {
    const aborted: FileFetch = () => Promise.reject(new TypeError('Failed to fetch'));
    const failed = await unloadableFiles(FILES, aborted);
    expect(failed.map((f) => f.name)).toEqual(Object.keys(FILES));
    const message = wasmLoadFailure(failed, 3);
    expect(message).toMatch(/^all 3 of its WebAssembly files failed to load: tfjs-backend-wasm\.wasm \(Failed to fetch\), tfjs-backend-wasm-simd\.wasm \(Failed to fetch\), tfjs-backend-wasm-threaded-simd\.wasm/);
    expect(message).not.toMatch(/highest priority backend/);

    const oneMissing: FileFetch = async (url) => ({ ok: !url.endsWith('simd.wasm') || url.includes('threaded'), status: url.endsWith('/simd.wasm') ? 404 : 200 });
    const some = await unloadableFiles(FILES, oneMissing);
    expect(some).toEqual([{ name: 'tfjs-backend-wasm-simd.wasm', problem: 'HTTP 404' }]);
    expect(wasmLoadFailure(some, 3)).toMatch(/^1 of its 3 WebAssembly files failed to load: tfjs-backend-wasm-simd\.wasm \(HTTP 404\)/);

    expect(await unloadableFiles(FILES, async () => ({ ok: true, status: 200 }))).toEqual([]);
  });

  it('gives up on a file that never answers, and says so', async () => {
    const never: FileFetch = (_url, init) => new Promise((_resolve, reject) => init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    expect(await unloadableFiles({ 'x.wasm': '/x.wasm' }, never, 20)).toEqual([{ name: 'x.wasm', problem: 'no answer within 0.02 s' }]);
  });
});
