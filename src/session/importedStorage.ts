// An imported ONNX model is stored in the browser like a trained one: its history is keyed by
// the file's own bytes (SHA-256), the pixel normalisation chosen and the data used, so the
// same file imported again (a reload re-imports the kept file) restores its fine-tunes
// instead of starting over, and another file never restores a wrong model.

import { MANIFEST_VERSION } from '../core/data/manifest';
import type { InputNorm } from '../core/io/onnx/onnxNorm';
import type { PruneMethod } from '../core/method';
import { experimentKey } from '../core/persist/experimentStorage';
import type { CheckpointInfo } from '../protocol/results';
import type { LabSession } from './labSession';
import type { SessionPersistence } from './persistence';

/** The storage key of an imported file's history on `train`/`test` examples. */
export async function importedKey(bytes: Uint8Array, norm: InputNorm, train: number, test: number): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes.slice().buffer));
  const hash = Array.from(digest.subarray(0, 12), (b) => b.toString(16).padStart(2, '0')).join('');
  return experimentKey({ model: `onnx-${norm}-${hash}`, train, test, epochs: 0, seed: 0, dataVersion: MANIFEST_VERSION });
}

/**
 * Connects `lab` (just opened on an imported file, its checkpoint #0 committed) to
 * `persistence`: restores the stored history of the same file, or stores #0 to start one.
 * Returns whether a stored history was restored.
 */
export async function keepImported(lab: LabSession, imported: CheckpointInfo, fileName: string, persistence: SessionPersistence, method: PruneMethod): Promise<boolean> {
  const weights = lab.pruning?.checkpoint(imported.id)?.weights;
  if (!weights) return false;
  lab.sink = persistence;
  lab.clearCheckpoints();
  if (await persistence.restore(lab, method)) return true;
  const [info] = await lab.adopt([{ weights, kind: 'imported', accuracy: imported.accuracy, examples: imported.examples, name: fileName }], method);
  if (info) await persistence.saved(info, weights, null, undefined, fileName);
  return false;
}
