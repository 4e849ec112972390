// Import of a TensorFlow.js layers model: the user's files (model.json + its weights
// file, or the ZIP PruneLab exports) → validated weights in the running model's order.
// Only JSON parsing and byte copies happen here (see validateModel.ts).

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

const baseName = (path: string) => path.split(/[\\/]/).pop() ?? path;

/** The uploaded files by base name, with ZIP archives expanded. */
export function collectFiles(files: readonly UploadedFile[]): Map<string, ArrayBuffer> {
  if (files.length === 0) throw new ImportError('No file chosen: choose model.json and its weights file, or an exported .zip.');
  const total = files.reduce((n, f) => n + f.data.byteLength, 0);
  if (total > MAX_IMPORT_BYTES) {
    throw new ImportError(`The files total ${(total / 1048576).toFixed(1)} MB; PruneLab's models are far smaller (limit ${MAX_IMPORT_BYTES / 1048576} MB).`);
  }
  const out = new Map<string, ArrayBuffer>();
  for (const f of files) {
    const bytes = new Uint8Array(f.data);
    if (isZip(bytes)) {
      let entries;
      try {
        entries = readZip(bytes);
      } catch (e) {
        throw new ImportError(`${f.name}: ${e instanceof Error ? e.message : String(e)}.`);
      }
      for (const e of entries) out.set(baseName(e.name), e.data.slice().buffer);
    } else {
      out.set(baseName(f.name), f.data);
    }
  }
  return out;
}

/** Picks model.json (or the only .json file that is not PruneLab's masks/report). */
function findModelJson(files: ReadonlyMap<string, ArrayBuffer>): [string, ArrayBuffer] {
  const direct = files.get(MODEL_FILE);
  if (direct) return [MODEL_FILE, direct];
  const json = [...files].filter(([name]) => name.toLowerCase().endsWith('.json') && !/^(masks|report)\.json$/.test(name));
  if (json.length === 1) return json[0];
  const names = [...files.keys()].join(', ');
  if (json.length === 0) throw new ImportError(`No model.json among the chosen files (${names}): choose model.json and its weights file, or an exported .zip.`);
  throw new ImportError(`Several JSON files (${json.map(([n]) => n).join(', ')}): choose one model.json and its weights file.`);
}

/** Validates the upload against the running model; returns its weights in reference order. */
export function validateImport(files: readonly UploadedFile[], reference: ReferenceModel): { weights: WeightSnapshot; source: string } {
  const byName = collectFiles(files);
  const [jsonName, jsonData] = findModelJson(byName);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(jsonData);
  } catch {
    throw new ImportError(`${jsonName} is not a text file (not UTF-8), so it is not a model.json.`);
  }
  const parsed = parseModelJson(text, jsonName);
  checkTopology(parsed.topology, reference);
  const weights = readWeights(parsed, byName, reference);
  return { weights, source: files.map((f) => f.name).join(' + ') };
}
