// The lab worker: a thin loop from protocol messages to the handler table. It owns the
// tfjs backend (chosen on init; on a lost WebGPU device it moves to the next one) and the
// worker state; every call gets exactly one reply, and big buffers are transferred.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { isAbortError } from '../core/abort';
import { chooseBackend, errorText, type BackendName } from '../core/backend/chooseBackend';
import { browserBackendEnv } from '../core/backend/probes';
import { registerWasmGradKernels } from '../core/backend/wasmGradKernels';
import { useAllCoresForWasm } from '../core/backend/wasmThreads';
import type { CallName, CallResult } from '../protocol/calls';
import type { LabEvent } from '../protocol/events';
import { transferList, type CallMessage, type ErrorStage, type FromWorker, type ToWorker } from '../protocol/wire';
import { CALL_STAGE, HANDLERS, type HandlerEnv, type WorkerState } from './handlers';

function post(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  self.postMessage(message, { transfer });
}

/** Events with big arrays made for the message hand them over instead of copying. */
function eventTransfer(event: LabEvent): ArrayBuffer[] {
  switch (event.type) {
    case 'runProgress':
      return transferList(event.progress.losses, event.progress.accuracies);
    case 'confusion':
      return transferList(event.confusion.counts);
    case 'view':
      return transferList(...event.view.layers.flatMap((l) => [l.histogram.all, l.histogram.kept]));
    default:
      return [];
  }
}

const emit = (event: LabEvent) => post({ kind: 'event', event }, eventTransfer(event));

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

const state: WorkerState = { session: null, tools: null, persistence: null, backend: null };
let requested: BackendName | null = null;

async function selectBackend(want: BackendName | null, exclude: BackendName[] = []) {
  requested = want;
  const choice = await chooseBackend(backendEnv, want, exclude);
  emit({ type: 'backend', choice });
  if (choice.name === 'webgpu') {
    const device = (tf.backend() as unknown as { device?: GPUDevice }).device;
    void device?.lost.then((info) => onDeviceLost(info.message || info.reason || 'unknown reason'));
  }
  return choice;
}

async function onDeviceLost(message: string): Promise<void> {
  state.session?.stop();
  try {
    const choice = await selectBackend(requested === 'webgpu' ? null : requested, ['webgpu']);
    state.backend = choice;
    emit({ type: 'notice', message: `The GPU device was lost (${message}). The lab moved to ${choice.name}; its checkpoints are kept.` });
  } catch (e) {
    emit({ type: 'notice', message: `The GPU device was lost (${message}) and no other backend could start: ${errorText(e)}` });
  }
}

const env: HandlerEnv = { state, emit, selectBackend: (b) => selectBackend(b) };

/** Buffers in a reply that were made for it. */
function replyTransfer(name: CallName, value: CallResult<CallName>): ArrayBuffer[] {
  if (name === 'export') return transferList((value as CallResult<'export'>).data);
  return [];
}

function stageOf(name: CallName, e: unknown): ErrorStage {
  if (name === 'init' && !state.backend) return 'backend';
  return CALL_STAGE[name] ?? (e instanceof Error && e.name === 'DeviceLost' ? 'device' : 'prune');
}

async function run(msg: CallMessage): Promise<void> {
  const handler = HANDLERS[msg.name] as (args: CallMessage['args'], env: HandlerEnv) => Promise<CallResult<CallName>>;
  try {
    const value = await handler(msg.args, env);
    post({ kind: 'reply', id: msg.id, ok: true, value }, replyTransfer(msg.name, value));
  } catch (e) {
    post({ kind: 'reply', id: msg.id, ok: false, error: { stage: stageOf(msg.name, e), message: errorText(e), aborted: isAbortError(e) } });
  }
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  if (msg.kind === 'call') void run(msg);
  else if (msg.kind === 'stop' || msg.kind === 'cancel') state.session?.stop();
};
