// A model's weights in the TensorFlow.js "layers-model" file format (model.json with its
// topology and weights manifest, plus one binary weights file), built from plain-array
// weight snapshots: export and browser storage write it, import and restore read it back.
// No tensors here: the snapshot's Float32Arrays are the single source of the bytes.

import type { WeightSnapshot } from '../weights';

export const WEIGHTS_FILE = 'weights.bin';
export const MODEL_FILE = 'model.json';

/** One entry of a weights manifest, as tfjs writes it. */
export interface WeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: 'float32';
}

/** The parts of tfjs's ModelArtifacts that PruneLab writes and reads. */
export interface ModelArtifactsLike {
  readonly modelTopology: object;
  readonly format: string;
  readonly generatedBy: string;
  readonly weightSpecs: readonly WeightSpec[];
  readonly weightData: ArrayBuffer;
  readonly userDefinedMetadata?: Record<string, unknown>;
}

/** The JSON of model.json (tfjs's ModelJSON), weights in one file. */
export interface ModelJson {
  readonly format: string;
  readonly generatedBy: string;
  readonly convertedBy: null;
  readonly modelTopology: object;
  readonly weightsManifest: readonly { readonly paths: readonly string[]; readonly weights: readonly WeightSpec[] }[];
  readonly userDefinedMetadata?: Record<string, unknown>;
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Concatenates the snapshot's tensors into one little-endian float32 buffer, in snapshot order. */
export function snapshotArtifacts(
  topology: object,
  snapshot: WeightSnapshot,
  userDefinedMetadata?: Record<string, unknown>,
): ModelArtifactsLike {
  const total = snapshot.values.reduce((n, v) => n + v.length, 0);
  const data = new Float32Array(total);
  let offset = 0;
  snapshot.values.forEach((v, i) => {
    if (v.length !== elementCount(snapshot.shapes[i])) throw new Error(`${snapshot.names[i]}: values do not match its shape`);
    data.set(v, offset);
    offset += v.length;
  });
  return {
    modelTopology: topology,
    format: 'layers-model',
    generatedBy: 'PruneLab',
    weightSpecs: snapshot.names.map((name, i) => ({ name, shape: [...snapshot.shapes[i]], dtype: 'float32' })),
    weightData: data.buffer,
    ...(userDefinedMetadata ? { userDefinedMetadata } : {}),
  };
}

/** model.json text and the weights file, loadable by tf.loadLayersModel (e.g. via tf.io.browserFiles). */
export function artifactsToFiles(artifacts: ModelArtifactsLike): { modelJson: string; weights: ArrayBuffer } {
  const json: ModelJson = {
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs }],
    ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
  };
  return { modelJson: JSON.stringify(json), weights: artifacts.weightData };
}
