// masks.json, the pruning masks that travel with an export: one packed bit per kernel
// weight (1 = kept), per prunable layer. The export writes it from the weights' zeros; an
// import that carries it has it checked against the weights it came with (every layer a
// known kernel of the right shape, bits that decode to exactly that many weights, the
// `kept` count right, and every weight the mask prunes exactly zero), so a file whose
// masks and weights disagree is refused instead of silently trusted or ignored. Kept weights
// that are zero are allowed but counted: then the masks and the zeros disagree about what is
// pruned, and the import says how much.

import { clip } from './echo';
import { ImportError } from './validateModel';
import { type WeightSnapshot, kernelName } from '../weights';

export const MASKS_FILE = 'masks.json';
export const MASKS_FORMAT = 'prunelab-masks';

export interface MasksLayer {
  /** The kernel's weight name, e.g. "fc1/kernel". */
  readonly name: string;
  readonly shape: readonly number[];
  /** Weights the mask keeps. */
  readonly kept: number;
  /** base64 of one bit per weight, least significant bit first. */
  readonly bits: string;
}

export interface MasksJson {
  readonly format: typeof MASKS_FORMAT;
  readonly version: 1;
  readonly encoding: string;
  readonly layers: readonly MasksLayer[];
}

/** Packs one bit per value (1 = non-zero = kept), least significant bit first, base64-encoded. */
export function packMaskBase64(values: Float32Array): string {
  const bytes = new Uint8Array(Math.ceil(values.length / 8));
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) bytes[i >> 3] |= 1 << (i & 7);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The bits of `text` as one byte (0 or 1) per weight; throws on bad base64 or a wrong length. */
export function unpackMaskBase64(text: string, length: number): Uint8Array {
  const bin = atob(text);
  if (bin.length !== Math.ceil(length / 8)) throw new RangeError(`${bin.length} bytes of bits for ${length} weights`);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (bin.charCodeAt(i >> 3) >> (i & 7)) & 1;
  for (let i = length; i < bin.length * 8; i++) if ((bin.charCodeAt(i >> 3) >> (i & 7)) & 1) throw new RangeError('padding bits are set');
  return out;
}

/** masks.json for the given prunable layers of `weights` (mask = weight ≠ 0). */
export function buildMasksJson(weights: WeightSnapshot, prunableLayers: readonly string[]): MasksJson {
  return {
    format: MASKS_FORMAT,
    version: 1,
    encoding: 'base64 of one bit per weight, least significant bit first; 1 = kept, 0 = pruned',
    layers: prunableLayers.map((layer) => {
      const i = weights.names.indexOf(kernelName(layer));
      if (i < 0) throw new Error(`no kernel for ${layer}`);
      const values = weights.values[i];
      let kept = 0;
      for (let j = 0; j < values.length; j++) if (values[j] !== 0) kept++;
      return { name: kernelName(layer), shape: weights.shapes[i], kept, bits: packMaskBase64(values) };
    }),
  };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What checking masks.json found: how many layers, and where masks and zeros disagree. */
export interface MasksCheck {
  readonly layers: number;
  /**
   * Weights the masks keep that are zero in the weights: allowed (a kept weight may be zero),
   * but then the masks and the zeros disagree about what is pruned, and the sparsity the lab
   * shows (from the zeros) is not the masks' sparsity.
   */
  readonly keptZeros: number;
  /** Weights the masks keep, in all layers checked. */
  readonly kept: number;
}

/**
 * Checks an uploaded masks.json against the imported weights. Refuses (ImportError) anything
 * it cannot read, and masks that prune a weight that is not zero; counts kept weights that are zero.
 */
export function checkMasksJson(data: ArrayBuffer, weights: WeightSnapshot): MasksCheck {
  const fail = (why: string): never => {
    throw new ImportError(`${MASKS_FILE} does not match the weights: ${why}.`);
  };
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
  } catch {
    return fail('it is not UTF-8 JSON');
  }
  if (!isObject(value) || value.format !== MASKS_FORMAT || value.version !== 1 || !Array.isArray(value.layers)) {
    return fail(`it is not a "${MASKS_FORMAT}" version 1 file`);
  }
  const seen = new Set<string>();
  let keptZeros = 0;
  let keptAll = 0;
  for (const layer of value.layers as unknown[]) {
    if (!isObject(layer) || typeof layer.name !== 'string' || typeof layer.bits !== 'string' || !Array.isArray(layer.shape)) {
      return fail('a layer entry lacks "name", "shape" or "bits"');
    }
    const name = layer.name;
    const at = weights.names.indexOf(name);
    if (at < 0 || !name.endsWith('/kernel')) fail(`${clip(name)} is not a kernel of this model`);
    if (seen.has(name)) fail(`${clip(name)} appears twice`);
    seen.add(name);
    const shape = weights.shapes[at];
    if (layer.shape.length !== shape.length || layer.shape.some((d, i) => d !== shape[i])) {
      fail(`${name} has shape [${clip(layer.shape.join(', '))}] in ${MASKS_FILE}, [${shape.join(', ')}] in the weights`);
    }
    const values = weights.values[at];
    let mask: Uint8Array;
    try {
      mask = unpackMaskBase64(layer.bits, values.length);
    } catch (e) {
      return fail(`the bits of ${name} do not decode to ${values.length.toLocaleString('en-US')} weights (${e instanceof Error ? clip(e.message) : 'bad base64'})`);
    }
    let kept = 0;
    let live = 0;
    let first = -1;
    for (let i = 0; i < values.length; i++) {
      kept += mask[i];
      if (mask[i] === 1 && values[i] === 0) keptZeros++;
      if (mask[i] === 0 && values[i] !== 0) {
        if (first < 0) first = i;
        live++;
      }
    }
    keptAll += kept;
    if (layer.kept !== kept) fail(`${name} says ${clip(String(layer.kept))} weights are kept, its bits keep ${kept.toLocaleString('en-US')}`);
    if (live > 0) {
      fail(`${live.toLocaleString('en-US')} weights of ${name} that the mask prunes are not zero (the first at index ${first.toLocaleString('en-US')})`);
    }
  }
  return { layers: seen.size, keptZeros, kept: keptAll };
}
