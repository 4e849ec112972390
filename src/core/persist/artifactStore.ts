// Where saved checkpoints live, behind a small interface: in the browser, TensorFlow.js's
// IndexedDB model store (`indexeddb://…`, available in workers too); under Node and in
// unit tests, memory. Entries are whole model artifacts (topology, weights, metadata).

import * as tf from '@tensorflow/tfjs';
import type { ModelArtifactsLike, WeightSpec } from '../io/modelFiles';

export interface ArtifactStore {
  save(name: string, artifacts: ModelArtifactsLike): Promise<void>;
  /** The stored artifacts, or null when there is no entry of that name. */
  load(name: string): Promise<ModelArtifactsLike | null>;
  remove(name: string): Promise<void>;
  /** Names of every stored entry. */
  list(): Promise<string[]>;
}

/** In memory (tests, Node): copies on the way in and out, like a real store. */
export class MemoryArtifactStore implements ArtifactStore {
  private readonly entries = new Map<string, ModelArtifactsLike>();

  async save(name: string, a: ModelArtifactsLike): Promise<void> {
    this.entries.set(name, { ...a, weightData: a.weightData.slice(0), modelTopology: structuredClone(a.modelTopology) });
  }

  async load(name: string): Promise<ModelArtifactsLike | null> {
    const a = this.entries.get(name);
    return a ? { ...a, weightData: a.weightData.slice(0) } : null;
  }

  async remove(name: string): Promise<void> {
    this.entries.delete(name);
  }

  async list(): Promise<string[]> {
    return [...this.entries.keys()];
  }
}

const SCHEME = 'indexeddb://';

function joinBuffers(data: ArrayBuffer | ArrayBuffer[]): ArrayBuffer {
  if (!Array.isArray(data)) return data;
  const out = new Uint8Array(data.reduce((n, b) => n + b.byteLength, 0));
  let at = 0;
  for (const b of data) {
    out.set(new Uint8Array(b), at);
    at += b.byteLength;
  }
  return out.buffer;
}

/** TensorFlow.js's IndexedDB store (browser main thread or worker). */
export class IndexedDbArtifactStore implements ArtifactStore {
  async save(name: string, a: ModelArtifactsLike): Promise<void> {
    const [handler] = tf.io.getSaveHandlers(SCHEME + name);
    if (!handler?.save) throw new Error('this browser offers no IndexedDB model storage');
    await handler.save({
      modelTopology: a.modelTopology,
      format: a.format,
      generatedBy: a.generatedBy,
      weightSpecs: a.weightSpecs.map((w) => ({ name: w.name, shape: [...w.shape], dtype: w.dtype })),
      weightData: a.weightData,
      userDefinedMetadata: a.userDefinedMetadata as Record<string, object> | undefined,
    });
  }

  async load(name: string): Promise<ModelArtifactsLike | null> {
    if (!(await this.list()).includes(name)) return null;
    const [handler] = tf.io.getLoadHandlers(SCHEME + name);
    if (!handler?.load) return null;
    const a = await handler.load();
    if (!a.modelTopology || a.modelTopology instanceof ArrayBuffer || !a.weightSpecs || !a.weightData) return null;
    if (a.weightSpecs.some((w) => w.dtype !== 'float32' || w.quantization)) return null; // not written by PruneLab
    return {
      modelTopology: a.modelTopology,
      format: a.format ?? 'layers-model',
      generatedBy: a.generatedBy ?? '',
      weightSpecs: a.weightSpecs.map((w): WeightSpec => ({ name: w.name, shape: w.shape, dtype: 'float32' })),
      weightData: joinBuffers(a.weightData),
      userDefinedMetadata: a.userDefinedMetadata,
    };
  }

  async remove(name: string): Promise<void> {
    await tf.io.removeModel(SCHEME + name);
  }

  async list(): Promise<string[]> {
    const all = await tf.io.listModels();
    return Object.keys(all)
      .filter((url) => url.startsWith(SCHEME))
      .map((url) => url.slice(SCHEME.length));
  }
}
