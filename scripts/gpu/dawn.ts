// WebGPU in Node through Dawn (the npm package `webgpu`, Chrome's own implementation):
// installs navigator.gpu and the GPU* globals tfjs-backend-webgpu expects, asks for the
// high-performance adapter and registers tfjs's 'webgpu' backend on a device of that
// adapter, with the limits tfjs itself asks for in the browser. Vulkan is found through
// the usual loader variables (see launch.mjs for the software-adapter fallback).

import * as tf from '@tensorflow/tfjs';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { create, globals } from 'webgpu';
import { looksSoftware } from '../../src/core/backend/chooseBackend';

export interface DawnAdapter {
  readonly adapter: GPUAdapter;
  /** "vendor architecture device description", as the badge would show it. */
  readonly name: string;
  readonly software: boolean;
  readonly features: readonly string[];
}

let gpu: GPU | null = null;

function installGpu(): GPU {
  if (gpu) return gpu;
  Object.assign(globalThis, globals);
  gpu = create([]);
  const nav: object = (globalThis as { navigator?: object }).navigator ?? {};
  // Node 21+ has a read-only navigator: define a property rather than assigning one.
  Object.defineProperty(globalThis, 'navigator', { value: Object.assign(Object.create(nav) as object, { gpu }), configurable: true, writable: true });
  return gpu;
}

export function describeAdapter(info: GPUAdapterInfo): string {
  return [info.vendor, info.architecture, info.device, info.description].filter((s) => s && s.length > 0).join(' ') || 'unnamed adapter';
}

/** The adapter Dawn offers (null when Vulkan finds no driver). */
export async function requestDawnAdapter(): Promise<DawnAdapter | null> {
  const adapter = await installGpu().requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return null;
  const name = describeAdapter(adapter.info);
  const fallback = (adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
  return { adapter, name, software: fallback || looksSoftware(name), features: [...adapter.features] };
}

/** The device descriptor tfjs-backend-webgpu uses in the browser (optional features, the adapter's limits). */
function deviceDescriptor(adapter: GPUAdapter): GPUDeviceDescriptor {
  const requiredFeatures: GPUFeatureName[] = [];
  if (adapter.features.has('timestamp-query')) requiredFeatures.push('timestamp-query');
  const l = adapter.limits;
  return {
    requiredFeatures,
    requiredLimits: {
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
    },
  };
}

const consumed = new WeakSet<GPUAdapter>();

/**
 * Registers (or re-registers, after a lost device) tfjs's 'webgpu' backend on a new
 * device and makes it the active backend. An adapter gives one device: later calls ask
 * Dawn for a fresh adapter.
 */
export async function activateWebgpu(dawn: DawnAdapter): Promise<void> {
  let adapter = dawn.adapter;
  if (consumed.has(adapter)) {
    const fresh = await requestDawnAdapter();
    if (!fresh) throw new Error('Dawn offers no adapter any more');
    adapter = fresh.adapter;
  }
  consumed.add(adapter);
  if (tf.findBackend('webgpu')) tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', async () => new WebGPUBackend(await adapter.requestDevice(deviceDescriptor(adapter)), adapter.info), 3);
  if (!(await tf.setBackend('webgpu'))) throw new Error("tf.setBackend('webgpu') failed");
  await tf.ready();
}
