// Real probes for chooseBackend, using the globals a Web Worker has (navigator.gpu,
// OffscreenCanvas, WebAssembly). They detect software adapters so the automatic choice
// can skip them; activation is tf.setBackend plus, for wasm, our gradient kernels.

import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { trainingSpeed } from './speedProbe';
import { errorText, looksSoftware, type BackendEnv, type BackendName, type ProbeResult } from './chooseBackend';
import { currentKernelPath, kernelLoadError, ownKernelsEnabled } from './wasm/kernels/instance';
import { wasmThreadsText, type KernelState } from './wasmThreadsText';
import { unloadableFiles, wasmLoadFailure } from './wasmFiles';

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

async function probeWebgpu(): Promise<ProbeResult> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) return { available: false, software: false, detail: 'this browser has no WebGPU (navigator.gpu)' };
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return { available: false, software: false, detail: 'no WebGPU adapter was granted' };
  const legacy = adapter as GPUAdapter & { isFallbackAdapter?: boolean };
  const info = (adapter.info ?? {}) as AdapterInfoLike;
  const detail =
    [info.vendor, info.architecture, info.device, info.description].filter((s) => s && s.length > 0).join(' ') ||
    'unnamed adapter';
  const software = info.isFallbackAdapter === true || legacy.isFallbackAdapter === true || looksSoftware(detail);
  return { available: true, software, detail };
}

function probeWebgl(): ProbeResult {
  if (typeof OffscreenCanvas === 'undefined') {
    return { available: false, software: false, detail: 'OffscreenCanvas is not available' };
  }
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (!gl) return { available: false, software: false, detail: 'WebGL 2 context could not be created' };
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return { available: true, software: looksSoftware(renderer), detail: renderer };
}

function probeWasm(): ProbeResult {
  return typeof WebAssembly === 'object'
    ? { available: true, software: false, detail: 'WebAssembly' }
    : { available: false, software: false, detail: 'WebAssembly is not available' };
}

/** The wasm build in use: SIMD, and which code runs on how many threads (threads only where the page is cross-origin isolated). */
function describeWasm(): string {
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  const path = currentKernelPath();
  const error = kernelLoadError();
  const kernels: KernelState = !ownKernelsEnabled()
    ? { state: 'off' }
    : path
      ? { state: 'running', relaxedSimd: path.relaxedSimd, threads: path.threads }
      : error
        ? { state: 'failed', error }
        : { state: 'pending' };
  return wasmThreadsText({ simd, tfjsThreads: getThreadsCount(), isolated, kernels });
}

export interface BrowserEnvOptions {
  /**
   * Runs before tf.setBackend('wasm'), e.g. setWasmPaths and kernel registration; may return
   * a function to run once the backend is ready (or failed).
   */
  readonly prepareWasm?: () => (() => void) | undefined;
  /** The WebAssembly files the wasm backend loads (name → URL): checked when it fails to start. */
  readonly wasmFiles?: Readonly<Record<string, string>>;
}

/** Why wasm failed to start: its files, when any cannot be fetched (tfjs names only a follow-on error), else tfjs's words. */
async function wasmFailure(e: unknown, files: Readonly<Record<string, string>> | undefined): Promise<string> {
  const text = errorText(e);
  if (!files || typeof fetch !== 'function') return text;
  const failed = await unloadableFiles(files, (url, init) => fetch(url, init));
  return failed.length > 0 ? wasmLoadFailure(failed, Object.keys(files).length) : text;
}

export function browserBackendEnv(opts: BrowserEnvOptions = {}): BackendEnv {
  return {
    async probe(name: BackendName): Promise<ProbeResult> {
      switch (name) {
        case 'webgpu':
          return probeWebgpu();
        case 'webgl':
          return probeWebgl();
        case 'wasm':
          return probeWasm();
        case 'cpu':
          return { available: true, software: false, detail: 'plain JavaScript' };
      }
    },
    async activate(name: BackendName): Promise<void> {
      const done = name === 'wasm' ? opts.prepareWasm?.() : undefined;
      let failure: { error: unknown } | null = null;
      let ok = false;
      try {
        ok = await tf.setBackend(name);
        if (ok) await tf.ready();
      } catch (e) {
        failure = { error: e };
      }
      try {
        done?.();
      } catch (e) {
        // After a failed start this is only a follow-on ("…has not yet been initialized"): the first error is the news.
        failure ??= { error: e };
      }
      if (!failure && ok) return;
      const error = failure ? failure.error : `tf.setBackend('${name}') returned false`;
      throw new Error(name === 'wasm' ? await wasmFailure(error, opts.wasmFiles) : errorText(error));
    },
    async speed(): Promise<number> {
      return (await trainingSpeed()).imagesPerSec;
    },
    describe(name: BackendName): string | undefined {
      return name === 'wasm' ? describeWasm() : undefined;
    },
  };
}
