// The WebGPU device behind tfjs's active backend, for device-loss handling: a promise
// that settles with a readable reason when the device is lost (driver reset, GPU
// removed, tab backgrounded on some systems, or destroy()), and a way to lose it on
// purpose so tests and the harness can exercise the recovery path.

import * as tf from '@tensorflow/tfjs';

function hasDevice(backend: unknown): backend is { readonly device: GPUDevice } {
  if (typeof backend !== 'object' || backend === null || !('device' in backend)) return false;
  const device: unknown = backend.device;
  return typeof device === 'object' && device !== null && 'lost' in device && 'destroy' in device;
}

/** The active backend's GPUDevice, or null when the active backend is not WebGPU. */
export function activeGpuDevice(): GPUDevice | null {
  if (tf.getBackend() !== 'webgpu') return null;
  const backend: unknown = tf.backend();
  return hasDevice(backend) ? backend.device : null;
}

/** Why a device was lost, in words for the user. */
export function lostReason(info: Pick<GPUDeviceLostInfo, 'reason' | 'message'>): string {
  const message = info.message.trim();
  if (info.reason !== 'destroyed') return message || 'unknown reason';
  return message && !/destroyed/i.test(message) ? `the device was destroyed (${message})` : 'the device was destroyed';
}

/**
 * Settles with the reason when the active backend's GPU device is lost; null when the
 * active backend has no device that can be lost (cpu, wasm; WebGL context loss is not a device loss).
 */
export function whenDeviceLost(): Promise<string> | null {
  const device = activeGpuDevice();
  return device ? device.lost.then(lostReason) : null;
}

/**
 * The reason, when `e` says the active WebGPU device is gone. A lost device rejects pending
 * read-backs (mapAsync) with an AbortError or names the lost device long before its `lost`
 * promise settles (tens of seconds on SwiftShader), so a failure is recognised by itself.
 * Null on other backends and for other errors, a stop's own AbortError included.
 */
export function deviceLossIn(e: unknown): string | null {
  if (activeGpuDevice() === null || !(e instanceof Error)) return null;
  const message = e.message.trim();
  const named = /device (is |was |has been )?(lost|destroyed)/i.test(message);
  const gpuAbort = e.name === 'AbortError' && !/^the operation was aborted\.?$/i.test(message);
  return named || gpuAbort ? message || 'the device stopped answering' : null;
}

/** Destroys the active backend's GPU device (simulating a loss); false when there is none. */
export function loseGpuDeviceForTest(): boolean {
  const device = activeGpuDevice();
  if (!device) return false;
  device.destroy();
  return true;
}
