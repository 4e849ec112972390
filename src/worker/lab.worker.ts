// The lab worker: a thin adapter from protocol messages to the src/core core. It owns the
// tfjs backend, the dataset and the model; the UI thread only ever sees plain numbers.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { chooseBackend, errorText, type BackendName } from '../core/backend/chooseBackend';
import { browserBackendEnv } from '../core/backend/probes';
import { useAllCoresForWasm } from '../core/backend/wasmThreads';
import { registerWasmGradKernels } from '../core/backend/wasmGradKernels';
import { LabSession } from '../session/labSession';
import type { PruneRequest } from '../core/prune/controller';
import { PruneScheduler } from '../session/sliderQueue';
import type { InitRequest, WorkerEvent, WorkerRequest } from '../protocol/messages';
import { WorkerTools } from './workerTools';
import { WorkerScience } from './workerScience';

const post = (event: WorkerEvent) => self.postMessage(event);

let session: LabSession | null = null;
let lastInit: InitRequest | null = null;
const pruneScheduler = new PruneScheduler<PruneRequest>(
  () =>
    session && {
      preview: (id, request) => session?.previewPrune(id, request),
      measure: async (id, full, signal) => session?.measurePrune(id, full, signal),
    },
  (e) => post({ type: 'error', stage: 'prune', message: errorText(e) }),
);

const backendEnv = browserBackendEnv({
  prepareWasm: () => {
    setWasmPaths({
      'tfjs-backend-wasm.wasm': wasmPlainUrl,
      'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
    });
    registerWasmGradKernels();
    return useAllCoresForWasm();
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

/** Storage, draw-a-digit, export and import (src/worker/workerTools.ts). */
const tools = new WorkerTools(post);
/** The pruning method in force and the science jobs (src/worker/workerScience.ts). */
const science = new WorkerScience(post, pruneScheduler);

/** A fresh pruning session takes the chosen criterion before its first request. */
async function methodReady(): Promise<void> {
  try {
    await science.ready(session);
  } catch (e) {
    post({ type: 'error', stage: 'prune', message: errorText(e) });
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
        session = await LabSession.create(req, tools.emit);
      } catch (e) {
        post({ type: 'error', stage: 'data', message: errorText(e) });
        return;
      }
      await tools.attach(session, req); // restores a stored model of this experiment, if any
      return;
    }
    case 'draw':
    case 'export':
    case 'import':
    case 'resetStorage':
      await tools.handle(req, session);
      return;
    case 'train':
      pruneScheduler.cancel();
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
      await methodReady();
      await pruneScheduler.submit(science.withStructure(req));
      return;
    case 'method':
    case 'sweep':
    case 'sensitivity':
    case 'schedule':
    case 'compact':
      await science.handle(req, session);
      return;
    case 'review':
      try {
        session?.scoreReview(req.id, req.text);
      } catch (e) {
        post({ type: 'error', stage: 'prune', message: errorText(e) });
      }
      return;
    case 'anchor':
      pruneScheduler.cancel(); // a measurement must not see weights change under it
      await methodReady();
      try {
        await session?.selectAnchor(req.id); // taylor/fisher rescore the new anchor
      } catch (e) {
        post({ type: 'error', stage: 'prune', message: errorText(e) });
      }
      return;
    case 'finetune':
      pruneScheduler.cancel(); // fine-tuning changes the weights a measurement would read
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
