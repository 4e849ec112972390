// The lab worker: a thin loop from protocol messages to the handler table. It owns the
// tfjs backend (chosen on init; on a lost WebGPU device it moves to the next one) and the
// worker state; every call gets exactly one reply, and big buffers are transferred.

import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { isAbortError } from '../core/abort';
import { chooseBackend, errorText, type BackendName } from '../core/backend/chooseBackend';
import { deviceLossIn, whenDeviceLost } from '../core/backend/deviceLoss';
import { onHeartbeat } from '../core/train/heartbeat';
import { workerRecoveryHooks } from './recoveryHooks';
import type { RecoveryFactory } from '../session/runs';
import { browserBackendEnv } from '../core/backend/probes';
import { registerWasmGradKernels } from '../core/backend/wasmGradKernels';
import { setSparseKernelsEnabled } from '../core/backend/wasm/sparseForm';
import { useAllCoresForWasm } from '../core/backend/wasmThreads';
import type { CallName, CallResult } from '../protocol/calls';
import type { LabEvent } from '../protocol/events';
import type { BackendChoice } from '../protocol/results';
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

// For `npm run bench` (scripts/bench/sliderSparse.ts, through Playwright's worker handle): the
// sparse kernels on or off, so the slider is timed both ways on one page in one run. Only in
// the bench's own build (VITE_PRUNELAB_BENCH=1): the app people use ships no such switch.
if (import.meta.env.VITE_PRUNELAB_BENCH === '1') Object.assign(self, { __prunelabSparseKernels: setSparseKernelsEnabled });

// Signs of life for the page's watchdog, from inside computations that do not yield.
onHeartbeat(() => post({ kind: 'alive' }));

const WASM_FILES = {
  'tfjs-backend-wasm.wasm': wasmPlainUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
};

const backendEnv = browserBackendEnv({
  wasmFiles: WASM_FILES,
  prepareWasm: () => {
    setWasmPaths(WASM_FILES);
    registerWasmGradKernels();
    return useAllCoresForWasm();
  },
});

const state: WorkerState = { session: null, tools: null, persistence: null, backend: null, data: null };

async function selectBackend(want: BackendName | null, exclude: BackendName[] = []) {
  const choice = await chooseBackend(backendEnv, want, exclude);
  emit({ type: 'backend', choice });
  // Files that never arrived are worth more than a line under "why not the GPU?": the lab is much slower without them.
  const lostWasm = choice.name === 'cpu' ? choice.reasons.find((r) => r.includes('WebAssembly file') && r.includes('failed to load')) : undefined;
  if (lostWasm) emit({ type: 'notice', message: `The lab runs on plain JavaScript (slow): ${lostWasm}.` });
  state.backend = choice;
  watchDevice(choice);
  return choice;
}

/** How a training run carries on after a lost device: the next backend, the same weights, masks and batches. */
const recovery: RecoveryFactory = (run) =>
  workerRecoveryHooks(backendEnv, {
    ...run,
    onBackend: (choice) => {
      state.backend = choice;
      emit({ type: 'backend', choice });
    },
    onRecovered: (r) =>
      emit({ type: 'notice', message: `The GPU device was lost (${r.reason}) during training. The lab moved to ${r.backend} and carried on from its last weights, repeating ${r.redoneSteps} step${r.redoneSteps === 1 ? '' : 's'}; checkpoints and masks are kept.` }),
  });

/** Settles when a move to the next backend after a lost device is done: calls wait for it. */
let backendMove: Promise<void> = Promise.resolve();

/** Moves on when the device of `choice` is lost while it is still the backend in use. */
function watchDevice(choice: BackendChoice): void {
  void whenDeviceLost()?.then((reason) => state.backend === choice && onDeviceLost(reason));
}

/** A lost device while nothing trains: move the model to the next backend (training recovers by itself). */
function onDeviceLost(reason: string): void {
  const lab = state.session;
  if (lab?.training || state.backend?.name !== 'webgpu') return;
  state.backend = null; // moving: a later report of the same loss is ignored
  backendMove = moveBackend(reason);
}

async function moveBackend(reason: string): Promise<void> {
  const lab = state.session;
  try {
    // Under the model's lock: no job runs on tfjs while the next backend starts.
    const choose = async () => {
      const choice = await chooseBackend(backendEnv, null, ['webgpu']);
      state.backend = choice;
      emit({ type: 'backend', choice });
      return choice;
    };
    const choice = lab ? await lab.relocate(choose) : await choose();
    const kept = lab?.pruning ? 'its model, masks and checkpoints are kept' : 'nothing had been trained yet, so nothing was lost';
    emit({ type: 'notice', message: `The GPU device was lost (${reason}). The lab moved to ${choice.name}; ${kept}.` });
  } catch (e) {
    emit({ type: 'notice', message: `The GPU device was lost (${reason}) and no other backend could start: ${errorText(e)}` });
  }
}

const env: HandlerEnv = { state, emit, selectBackend: (b) => selectBackend(b), recovery };

/** Buffers in a reply that were made for it. */
function replyTransfer(name: CallName, value: CallResult<CallName>): ArrayBuffer[] {
  if (name === 'export') return transferList((value as CallResult<'export'>).data);
  if (name === 'compress') return transferList((value as CallResult<'compress'>).file);
  return [];
}

function stageOf(name: CallName): ErrorStage {
  if (name === 'init' && !state.backend) return 'backend';
  return CALL_STAGE[name];
}

/** Why the device `lost` watches was lost, if it was by now or within a moment (a failed read-back comes first). */
function lossOf(lost: Promise<string> | null): Promise<string | null> {
  return lost ? Promise.race([lost, new Promise<null>((resolve) => setTimeout(() => resolve(null), LOSS_GRACE_MS))]) : Promise.resolve(null);
}
const LOSS_GRACE_MS = 200;

/** Calls not yet answered: a cancel of one that has replied must not stop the next job. */
const pending = new Set<number>();

async function run(msg: CallMessage): Promise<void> {
  pending.add(msg.id);
  const handler = HANDLERS[msg.name] as (args: CallMessage['args'], env: HandlerEnv) => Promise<CallResult<CallName>>;
  let lost: Promise<string> | null = null;
  try {
    await backendMove; // a job never starts while the next backend is still starting
    lost = whenDeviceLost();
    const value = await handler(msg.args, env);
    post({ kind: 'reply', id: msg.id, ok: true, value }, replyTransfer(msg.name, value));
  } catch (e) {
    // A lost device also rejects with an AbortError: say so rather than pass it off as a stop.
    const reason = lost ? (deviceLossIn(e) ?? (await lossOf(lost))) : null;
    if (reason !== null) onDeviceLost(reason); // the failure may say so before the device's lost promise does
    const message = reason === null ? errorText(e) : `The GPU device was lost (${reason}) while this ran, so it ended early; the lab moves to the next backend: run it again. (${errorText(e)})`;
    post({ kind: 'reply', id: msg.id, ok: false, error: { stage: reason === null ? stageOf(msg.name) : 'device', message, aborted: reason === null && isAbortError(e) } });
  } finally {
    pending.delete(msg.id);
  }
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  if (msg.kind === 'call') void run(msg);
  else if (msg.kind === 'ping') post({ kind: 'alive' });
  else if (msg.kind === 'stop' || (msg.kind === 'cancel' && pending.has(msg.id))) state.session?.stop();
};
