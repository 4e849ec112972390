// The lab worker: a thin adapter from protocol messages to the src/lab core. It owns the
// tfjs backend, the dataset and the model; the UI thread only ever sees plain numbers.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { chooseBackend, errorText, type BackendName } from '../lab/backend/chooseBackend';
import { browserBackendEnv } from '../lab/backend/probes';
import { registerWasmGradKernels } from '../lab/backend/wasmGradKernels';
import { LabSession } from '../lab/session';
import type { InitRequest, PruneRequestMessage, WorkerEvent, WorkerRequest } from './protocol';

const post = (event: WorkerEvent) => self.postMessage(event);

let session: LabSession | null = null;
let lastInit: InitRequest | null = null;
let pendingPrune: PruneRequestMessage | null = null;
/** How long the slider must rest before the quick accuracy estimate runs. */
const ESTIMATE_AFTER_REST_MS = 150;
let pruning = false;

let estimateTimer: ReturnType<typeof setTimeout> | null = null;

/**
 * Latest wins: while one prune request is processed, newer ones replace each other, so a
 * fast drag never builds a backlog. Each move's stats go out at once; the quick accuracy
 * estimate runs only once the slider has rested (a timer any newer move cancels), and a
 * release measures the full test set.
 */
async function drainPrunes(): Promise<void> {
  if (pruning) return;
  pruning = true;
  try {
    while (pendingPrune && session) {
      const req: PruneRequestMessage = pendingPrune;
      pendingPrune = null;
      if (estimateTimer) clearTimeout(estimateTimer);
      estimateTimer = null;
      try {
        session.previewPrune(req.id, req.request);
        if (req.final) await session.measurePrune(req.id, true);
        else estimateTimer = setTimeout(() => void estimate(req.id), ESTIMATE_AFTER_REST_MS);
      } catch (e) {
        post({ type: 'error', stage: 'prune', message: errorText(e) });
      }
    }
  } finally {
    pruning = false;
  }
}

async function estimate(id: number): Promise<void> {
  estimateTimer = null;
  if (pruning || pendingPrune || !session) return;
  pruning = true;
  try {
    await session.measurePrune(id, false);
  } catch (e) {
    post({ type: 'error', stage: 'prune', message: errorText(e) });
  } finally {
    pruning = false;
  }
  await drainPrunes(); // moves that arrived meanwhile
}

const backendEnv = browserBackendEnv({
  prepareWasm: () => {
    setWasmPaths({
      'tfjs-backend-wasm.wasm': wasmPlainUrl,
      'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
    });
    registerWasmGradKernels();
  },
});

/** Chooses a backend; on WebGPU, watches for device loss and falls back. */
async function selectBackend(requested: BackendName | null, exclude: BackendName[] = []): Promise<void> {
  const choice = await chooseBackend(backendEnv, requested, exclude);
  post({ type: 'backend', choice });
  if (choice.name === 'webgpu') {
    const device = (tf.backend() as unknown as { device?: GPUDevice }).device;
    void device?.lost.then((info) => onDeviceLost(info.message || info.reason || 'unknown reason'));
  }
}

async function onDeviceLost(message: string): Promise<void> {
  session?.stop();
  session?.dispose();
  session = null;
  post({
    type: 'error',
    stage: 'device',
    message: `The GPU device was lost (${message}). Switched to another backend: press Train to start again.`,
  });
  if (!lastInit) return;
  try {
    await selectBackend(null, ['webgpu']);
    session = await LabSession.create(lastInit, post);
  } catch (e) {
    post({ type: 'error', stage: 'backend', message: errorText(e) });
  }
}

async function handle(req: WorkerRequest): Promise<void> {
  switch (req.type) {
    case 'init': {
      lastInit = req;
      try {
        await selectBackend(req.backend);
      } catch (e) {
        post({ type: 'error', stage: 'backend', message: errorText(e) });
        return;
      }
      try {
        session = await LabSession.create(req, post);
      } catch (e) {
        post({ type: 'error', stage: 'data', message: errorText(e) });
      }
      return;
    }
    case 'train':
      if (!session) {
        post({ type: 'error', stage: 'train', message: 'The dataset is not loaded yet.' });
        return;
      }
      try {
        await session.train(req);
      } catch (e) {
        post({ type: 'error', stage: 'train', message: errorText(e) });
      }
      return;
    case 'stop':
      session?.stop();
      return;
    case 'prune':
      pendingPrune = req;
      await drainPrunes();
      return;
    case 'review':
      try {
        session?.scoreReview(req.id, req.text);
      } catch (e) {
        post({ type: 'error', stage: 'prune', message: errorText(e) });
      }
      return;
    case 'anchor':
      try {
        session?.selectAnchor(req.id);
      } catch (e) {
        post({ type: 'error', stage: 'prune', message: errorText(e) });
      }
      return;
    case 'finetune':
      if (!session) return;
      try {
        await session.finetune(req);
      } catch (e) {
        post({ type: 'error', stage: 'train', message: errorText(e) });
      }
      return;
  }
}

self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  void handle(e.data);
};
