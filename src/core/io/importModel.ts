// Import of a TensorFlow.js layers model: the user's files (model.json + its weights
// file, or the ZIP PruneLab exports, also when re-packed by another zip tool) → validated
// weights in the running model's order. Only JSON parsing and byte copies happen here
// (see validateModel.ts); a masks.json that comes along is checked against the weights
// (masksFile.ts). A compacted export (narrower layers) is refused saying so, report.json
// telling whether Compact made it; the export's model.onnx and vocab.json are not read here.

import { clip, listOf } from './echo';
import { checkMasksJson, MASKS_FILE } from './masksFile';
import { MODEL_FILE } from './modelFiles';
import { checkTopology, ImportError, parseModelJson, readWeights, type ReferenceModel } from './validateModel';
import { isZip, readZip } from './zip';
import type { WeightSnapshot } from '../weights';

export interface UploadedFile {
  readonly name: string;
  readonly data: ArrayBuffer;
}

/** Larger uploads are refused before parsing (PruneLab's models are under 5 MB). */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;
/** Most files in one upload (after ZIP archives are expanded). */
export const MAX_IMPORT_FILES = 64;

const baseName = (path: string) => path.split(/[\\/]/).pop() ?? path;
const MAX_SOURCE_NAMES = 4;

/** The uploaded files by base name, with ZIP archives expanded. */
export function collectFiles(files: readonly UploadedFile[]): Map<string, ArrayBuffer> {
  if (files.length === 0) throw new ImportError('No file chosen: choose model.json and its weights file, or an exported .zip.');
  const total = files.reduce((n, f) => n + f.data.byteLength, 0);
  if (total > MAX_IMPORT_BYTES) {
    throw new ImportError(`The files total ${(total / 1048576).toFixed(1)} MB; PruneLab's models are far smaller (limit ${MAX_IMPORT_BYTES / 1048576} MB).`);
  }
  const out = new Map<string, ArrayBuffer>();
  /** Where each base name came from, to refuse two files that would both be read as one. */
  const from = new Map<string, string>();
  // What the archives unpack to counts against the same limit as the upload itself.
  let unpacked = total;
  const add = (name: string, data: ArrayBuffer, where: string) => {
    const base = baseName(name);
    const earlier = from.get(base);
    if (earlier !== undefined) {
      throw new ImportError(`${clip(earlier)} and ${clip(where)} are both named ${clip(base)}: keep one model per import, so it is clear which file is meant.`);
    }
    from.set(base, where);
    out.set(base, data);
    if (out.size > MAX_IMPORT_FILES) throw new ImportError(`More than ${MAX_IMPORT_FILES} files: choose model.json and its weights file, or an exported .zip.`);
  };
  for (const f of files) {
    const bytes = new Uint8Array(f.data);
    if (!isZip(bytes)) {
      add(f.name, f.data, f.name);
      continue;
    }
    let entries;
    try {
      entries = readZip(bytes, { maxBytes: MAX_IMPORT_BYTES - (unpacked - bytes.length), maxEntries: MAX_IMPORT_FILES });
    } catch (e) {
      throw new ImportError(`${clip(f.name)}: ${e instanceof Error ? e.message : String(e)}.`);
    }
    for (const e of entries) {
      unpacked += e.data.length;
      add(e.name, e.data.slice().buffer, `${f.name}: ${e.name}`);
    }
    unpacked -= bytes.length;
  }
  return out;
}

/** Picks model.json (or the only .json file that is not PruneLab's masks/report). */
function findModelJson(files: ReadonlyMap<string, ArrayBuffer>): [string, ArrayBuffer] {
  const direct = files.get(MODEL_FILE);
  if (direct) return [MODEL_FILE, direct];
  const json = [...files].filter(([name]) => name.toLowerCase().endsWith('.json') && !/^(masks|report|vocab)\.json$/.test(name));
  if (json.length === 1) return json[0];
  const names = listOf([...files.keys()]);
  const onnx = [...files.keys()].find((n) => n.toLowerCase().endsWith('.onnx'));
  if (json.length === 0 && onnx) {
    throw new ImportError(`${clip(onnx)} is an ONNX model: choose it alone to import the model it holds, or choose the model.json and weights.bin of the same export, or its .zip.`);
  }
  if (json.length === 0) throw new ImportError(`No model.json among the chosen files (${names}): choose model.json and its weights file, or an exported .zip.`);
  throw new ImportError(`Several JSON files (${listOf(json.map(([n]) => n))}): choose one model.json and its weights file.`);
}

export interface ValidatedImport {
  readonly weights: WeightSnapshot;
  /** The chosen files' names, e.g. "model.json + weights.bin" (clipped). */
  readonly source: string;
  /** Layers whose masks.json entry was checked against the weights (0: no masks.json came along). */
  readonly maskLayersChecked: number;
  /** Weights masks.json keeps that are zero (the masks call them kept, the zeros pruned); 0 without masks.json. */
  readonly maskKeptZeros: number;
  /** Weights masks.json keeps, in the layers checked. */
  readonly maskKept: number;
}

const NARROWER = /^Layer (\S+): (filters|units|outputDim) is (\d+), expected (\d+)\.$/;

/** Whether report.json (when it came along) says the archive holds a compacted model. */
function reportSaysCompacted(report: ArrayBuffer | undefined): boolean {
  if (!report) return false;
  try {
    const r: unknown = JSON.parse(new TextDecoder().decode(report));
    return typeof r === 'object' && r !== null && 'compaction' in r && typeof r.compaction === 'object' && r.compaction !== null;
  } catch {
    return false;
  }
}

/**
 * A clear refusal when the files hold this lab's model with whole channels removed (an
 * export made after Compact): its layers are narrower, so its weights cannot become a
 * checkpoint of the full-width model. Null when the topology failed for another reason.
 */
function compactedRefusal(e: unknown, jsonName: string, files: ReadonlyMap<string, ArrayBuffer>, reference: ReferenceModel): ImportError | null {
  const m = e instanceof ImportError ? NARROWER.exec(e.message) : null;
  if (!m || Number(m[3]) >= Number(m[4])) return null;
  const [, layer, key, got, want] = m;
  const words = key === 'filters' ? 'filters' : key === 'units' ? 'neurons' : 'dimensions';
  if (!reportSaysCompacted(files.get('report.json'))) {
    return new ImportError(`${m[0]} It is narrower than this lab's model, as an export made after Compact is: open its model.onnx as a model of its own (MNIST models), or import an export made before Compact.`);
  }
  const onnx = files.has('model.onnx') ? "Choose the archive's model.onnx alone to open the compact model as a model of its own (MNIST models)" : 'Open its model.onnx as a model of its own (MNIST models)';
  return new ImportError(
    `${clip(jsonName)} holds a compacted ${reference.label} (layer ${layer} has ${got} ${words}, this lab's ${want}): Compact removed whole channels, ` +
      `so it cannot become a checkpoint of this lab's full-width model. ${onnx}, or import an export made before Compact.`,
  );
}

/** Validates the upload against the running model; returns its weights in reference order. */
export function validateImport(files: readonly UploadedFile[], reference: ReferenceModel): ValidatedImport {
  const byName = collectFiles(files);
  const [jsonName, jsonData] = findModelJson(byName);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(jsonData);
  } catch {
    throw new ImportError(`${clip(jsonName)} is not a text file (not UTF-8), so it is not a model.json.`);
  }
  const parsed = parseModelJson(text, jsonName);
  try {
    checkTopology(parsed.topology, reference);
  } catch (e) {
    throw compactedRefusal(e, jsonName, byName, reference) ?? e;
  }
  const weights = readWeights(parsed, byName, reference);
  const masks = byName.get(MASKS_FILE);
  const check = masks ? checkMasksJson(masks, weights) : { layers: 0, keptZeros: 0, kept: 0 };
  return { weights, source: listOf(files.map((f) => f.name), MAX_SOURCE_NAMES, ' + '), maskLayersChecked: check.layers, maskKeptZeros: check.keptZeros, maskKept: check.kept };
}
