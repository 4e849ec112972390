// The trained models that ship with the app (?start=trained): their files are fetched and
// verified like the data files (gzip bounded by the declared size, SHA-256 from the
// manifest), then handed to the import validation as any uploaded model would be.

import { fetchDataFile, fetchManifest, type LoadOptions } from './fetchData';
import type { TrainedModelEntry } from './manifest';
import { isModelId } from '../models/catalog';

export interface TrainedFiles {
  readonly entry: TrainedModelEntry;
  readonly files: readonly { readonly name: string; readonly data: ArrayBuffer }[];
}

const own = (bytes: Uint8Array): ArrayBuffer => (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer));

/** The shipped trained model of `model`, or null when this build ships none. */
export async function fetchTrained(model: string, opts: LoadOptions): Promise<TrainedFiles | null> {
  const manifest = await fetchManifest(opts);
  const entry = isModelId(model) ? manifest.trained[model] : undefined;
  if (!entry) return null;
  const [json, weights] = await Promise.all([fetchDataFile(entry.files.model, opts), fetchDataFile(entry.files.weights, opts)]);
  return { entry, files: [{ name: 'model.json', data: own(json) }, { name: 'weights.bin', data: own(weights) }] };
}
