// Validation of an uploaded TensorFlow.js model before anything uses it. The files are
// only parsed as JSON and bytes; no layer is deserialised and nothing is executed. A
// model is accepted only if its topology matches one of PruneLab's own models layer by
// layer (known classes, same names and settings) and its float32 weights have exactly
// the manifest's byte length and the reference shapes, and every weight is finite and within
// MAX_ABS_WEIGHT. Every rejection says why, quoting the file's own strings only clipped
// (echo.ts), so a huge name or a million layers still give a short message.

import { clip, listOf, show, showCount } from './echo';
import { MODEL_IDS, MODEL_INFO } from '../models/catalog';
import { elementCount } from './modelFiles';
import type { WeightSnapshot } from '../weights';

export class ImportError extends Error {
  override readonly name = 'ImportError';
}

/** What the uploaded model must look like: built from the model the lab runs. */
export interface ReferenceModel {
  readonly label: string;
  /** model.toJSON(null, false) of the reference model. */
  readonly topology: object;
  readonly weights: readonly { readonly name: string; readonly shape: readonly number[] }[];
}

/** Layer names of every PruneLab model, to name the right page when the wrong model is imported. */
export const KNOWN_LAYOUTS: readonly { readonly id: string; readonly label: string; readonly layers: readonly string[] }[] = MODEL_IDS.map((id) => ({
  id,
  label: MODEL_INFO[id].name,
  layers: MODEL_INFO[id].layers.map((l) => l.name),
}));

export const ALLOWED_LAYER_CLASSES: readonly string[] = ['Conv2D', 'Dense', 'Flatten', 'MaxPooling2D'];

/** Config keys that do not change what a layer computes (initialisers and training-only settings). */
const IGNORED_CONFIG = /(_initializer|_regularizer|_constraint)$|^(trainable|dtype|name)$/;

/**
 * Largest |w| accepted. Trained PruneLab weights stay below ~10. The bound keeps every
 * forward pass finite in float32 (max 3.4e38) whatever the weights: a layer multiplies
 * the largest activation by at most fan-in · |w| (plus a bias), so LeNet-5 on normalised
 * pixels (|x| ≤ 2.83) reaches at most 2.83 · (25 · 500 · 800 · 500) · (1e4)⁴ ≈ 1.4e26, and
 * the IMDB model (bag-of-words rows sum to 1) 1e4 · (100 · 1e4) · (200 · 1e4) = 2e18.
 * ±3.4e38 is finite but overflows the first layer to ±Infinity and NaN.
 */
export const MAX_ABS_WEIGHT = 1e4;

export type Json = Record<string, unknown>;
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Same JSON text, for comparing configs (not for messages: see echo.show). */
const json = (v: unknown) => JSON.stringify(v) ?? String(v);

export interface ParsedModelJson {
  readonly topology: Json;
  readonly manifest: readonly { readonly paths: readonly string[]; readonly weights: readonly Json[] }[];
}

/** Parses model.json text and checks the two sections every tfjs layers model has. */
export function parseModelJson(text: string, fileName: string): ParsedModelJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ImportError(`${clip(fileName)} is not valid JSON (${clip(e instanceof Error ? e.message : String(e), 160)}).`);
  }
  const file = clip(fileName);
  if (!isObject(value)) throw new ImportError(`${file} is not a TensorFlow.js model: it is not a JSON object.`);
  if (!isObject(value.modelTopology)) throw new ImportError(`${file} is not a TensorFlow.js layers model: it has no "modelTopology".`);
  const manifest = value.weightsManifest;
  if (!Array.isArray(manifest) || manifest.length === 0) {
    throw new ImportError(`${file} has no "weightsManifest", so its weights cannot be found.`);
  }
  for (const group of manifest) {
    if (!isObject(group) || !Array.isArray(group.paths) || !group.paths.every((p) => typeof p === 'string') || !Array.isArray(group.weights)) {
      throw new ImportError(`${file}: a weightsManifest entry lacks "paths" or "weights".`);
    }
    if (!group.weights.every(isObject)) throw new ImportError(`${file}: a weightsManifest weight is not an object.`);
  }
  return { topology: value.modelTopology, manifest: manifest as ParsedModelJson['manifest'] };
}

/** The Sequential layer list of a topology (tfjs or Keras-converted layout). */
export function sequentialLayers(topology: Json): Json[] {
  const model = isObject(topology.model_config) ? topology.model_config : topology;
  if (model.class_name !== 'Sequential') {
    throw new ImportError(`Unsupported model class ${show(model.class_name)}: PruneLab's models are Sequential.`);
  }
  const config = model.config;
  const layers = Array.isArray(config) ? config : isObject(config) ? config.layers : null;
  if (!Array.isArray(layers) || !layers.every(isObject)) throw new ImportError('The model topology has no layer list.');
  return layers;
}

/** The layer's name as the file gives it (unclipped: compared, and clipped when quoted). */
function layerName(layer: Json): string {
  return isObject(layer.config) && typeof layer.config.name === 'string' ? layer.config.name : '?';
}

/** Checks the uploaded topology layer by layer against the reference model. */
export function checkTopology(topology: Json, reference: ReferenceModel): void {
  const layers = sequentialLayers(topology);
  for (const layer of layers) {
    if (typeof layer.class_name !== 'string' || !ALLOWED_LAYER_CLASSES.includes(layer.class_name)) {
      throw new ImportError(
        `Unsupported layer class ${show(layer.class_name)} (layer ${clip(layerName(layer))}): PruneLab imports only ${ALLOWED_LAYER_CLASSES.join(', ')} layers of its own models.`,
      );
    }
  }
  const names = layers.map(layerName);
  const expected = sequentialLayers(reference.topology as Json);
  const expectedNames = expected.map(layerName);
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((n, i) => n === b[i]);
  if (!same(names, expectedNames)) {
    const other = KNOWN_LAYOUTS.find((k) => same(k.layers, names));
    if (other) {
      throw new ImportError(`This file holds ${other.label}, but the lab is running ${reference.label}: open the lab with ?model=${other.id} to import it.`);
    }
    throw new ImportError(`The layers (${listOf(names)}) do not match ${reference.label} (${expectedNames.join(', ')}).`);
  }
  expected.forEach((ref, i) => {
    const got = layers[i];
    const name = expectedNames[i];
    if (got.class_name !== ref.class_name) {
      throw new ImportError(`Layer ${name} is a ${show(got.class_name)}, expected ${show(ref.class_name)}.`);
    }
    const refConfig = isObject(ref.config) ? ref.config : {};
    const gotConfig = isObject(got.config) ? got.config : {};
    for (const [key, want] of Object.entries(refConfig)) {
      if (IGNORED_CONFIG.test(key)) continue;
      if (key === 'batch_input_shape' && !(key in gotConfig)) continue; // Keras may give input_shape instead
      if (json(gotConfig[key]) !== json(want)) {
        throw new ImportError(`Layer ${name}: ${key} is ${show(gotConfig[key])}, expected ${show(want)}.`);
      }
    }
  });
}

const baseName = (path: string) => path.split('/').pop() ?? path;

/** Refuses NaN, ±Infinity and |w| > MAX_ABS_WEIGHT, naming the weight, the first bad index and the count. */
export function checkValues(name: string, values: Float32Array): void {
  let bad = 0;
  let first = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(Math.abs(v) <= MAX_ABS_WEIGHT)) {
      if (first < 0) first = i;
      bad++;
    }
  }
  if (bad === 0) return;
  const v = values[first];
  const what = Number.isNaN(v) ? 'NaN' : Number.isFinite(v) ? `${v.toExponential(3)}, beyond ±${MAX_ABS_WEIGHT.toExponential(0)}` : 'infinite';
  throw new ImportError(
    `Weight ${clip(name)} holds ${bad.toLocaleString('en-US')} value${bad === 1 ? '' : 's'} that are NaN, infinite or larger than ±${MAX_ABS_WEIGHT.toExponential(0)} in magnitude ` +
      `(the first, at index ${first.toLocaleString('en-US')}, is ${what}): such a model's outputs would overflow.`,
  );
}

/**
 * Reads the weights the manifest describes from the uploaded files (matched by file
 * name), checks dtypes, byte lengths and shapes, and returns them in the reference order.
 */
export function readWeights(
  parsed: ParsedModelJson,
  files: ReadonlyMap<string, ArrayBuffer>,
  reference: ReferenceModel,
): WeightSnapshot {
  const found = new Map<string, Float32Array>();
  for (const group of parsed.manifest) {
    const buffers = group.paths.map((p) => {
      const data = files.get(baseName(p));
      if (!data) throw new ImportError(`The weights file "${clip(baseName(p))}" named in model.json is missing: choose it together with model.json.`);
      return new Uint8Array(data);
    });
    const bytes = new Uint8Array(buffers.reduce((n, b) => n + b.length, 0));
    let at = 0;
    for (const b of buffers) {
      bytes.set(b, at);
      at += b.length;
    }
    let expected = 0;
    const specs = group.weights.map((w) => {
      const shape = w.shape;
      if (typeof w.name !== 'string' || !Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
        throw new ImportError('A weight in the manifest lacks a name or a valid shape.');
      }
      if (w.dtype !== 'float32' || w.quantization !== undefined) {
        throw new ImportError(`Weight ${clip(w.name)} is ${w.quantization !== undefined ? 'quantized' : show(w.dtype)}: only float32 weights are supported.`);
      }
      expected += elementCount(shape as number[]) * 4;
      return { name: w.name, shape: shape as number[] };
    });
    if (bytes.length !== expected) {
      throw new ImportError(
        `The weights file holds ${showCount(bytes.length)} bytes, but model.json describes ${showCount(expected)} bytes.`,
      );
    }
    let offset = 0;
    for (const spec of specs) {
      const n = elementCount(spec.shape);
      const values = new Float32Array(bytes.buffer.slice(offset, offset + n * 4));
      offset += n * 4;
      if (found.has(spec.name)) throw new ImportError(`Weight ${clip(spec.name)} appears twice in the manifest.`);
      const ref = reference.weights.find((r) => r.name === spec.name);
      if (!ref) throw new ImportError(`Unexpected weight ${clip(spec.name)}: ${reference.label} has no such weight.`);
      if (spec.shape.join() !== ref.shape.join()) {
        throw new ImportError(`Weight ${spec.name} has shape [${clip(spec.shape.join(', '))}], expected [${ref.shape.join(', ')}].`);
      }
      checkValues(spec.name, values);
      found.set(spec.name, values);
    }
  }
  const missing = reference.weights.filter((r) => !found.has(r.name)).map((r) => r.name);
  if (missing.length) throw new ImportError(`The model lacks weights ${listOf(missing)}.`);
  return {
    names: reference.weights.map((r) => r.name),
    shapes: reference.weights.map((r) => [...r.shape]),
    values: reference.weights.map((r) => found.get(r.name) as Float32Array),
  };
}
