// Export (the worker builds the archive; the page downloads it once), import (files are
// size-checked from File.size before a byte is read, then handed to the worker to
// validate) and Reset of browser storage.

import { MAX_IMPORT_BYTES, MAX_IMPORT_FILES } from '../../core/io/importModel';
import type { InputNorm } from '../../core/io/onnx/onnxNorm';
import { formatMB } from '../../kit/format';
import type { UploadedFile } from '../../protocol/calls';
import type { LabPort } from '../../protocol/port';
import type { StorageInventory } from '../../core/persist/experimentStorage';
import { forgetOnnx, keepOnnx, keptOnnx, type KeptOnnx } from './keptImport';

/** Why these files cannot be imported, before reading them (null: they can be read). */
export function uploadProblem(files: readonly Pick<File, 'name' | 'size'>[]): string | null {
  if (files.length === 0) return 'No file was chosen.';
  if (files.length > MAX_IMPORT_FILES) return `${files.length} files were chosen; choose model.json and its weights file, or an exported .zip.`;
  const total = files.reduce((s, f) => s + f.size, 0);
  if (total > MAX_IMPORT_BYTES) return `The files total ${formatMB(total)}; PruneLab's models are far smaller (limit ${formatMB(MAX_IMPORT_BYTES)}). Nothing was read.`;
  return null;
}

/** Saves `data` as a file through a temporary object URL. */
export function download(fileName: string, data: ArrayBuffer): void {
  const url = URL.createObjectURL(new Blob([data], { type: 'application/zip' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export interface ShareActions {
  /** Downloads the model on screen as a .zip (tfjs, ONNX, masks, report) or as model.onnx. */
  readonly exportModel: (format: 'zip' | 'onnx') => void;
  /**
   * Reads and imports the files: one .onnx file is a new model (its pixels read as `norm`
   * says), anything else a checkpoint of this lab's model. A problem found before reading is
   * returned (and nothing is sent). `settled` runs once this import is over (imported,
   * refused or dropped). Each import has a sequence number: one whose files finish reading
   * after a later choice is dropped.
   */
  readonly importFiles: (files: readonly File[], norm: InputNorm, settled?: () => void) => string | null;
  /** Imports a kept ONNX file again (after a reload). */
  readonly reimport: (file: KeptOnnx) => Promise<void>;
  readonly resetStorage: () => void;
  /** What Reset would delete, for the page to ask first. */
  readonly resetPreview: () => Promise<ResetPreview>;
}

/** What Reset deletes: PruneLab's stored records (kept-aside ones and this experiment's among them) and a kept ONNX file. */
export interface ResetPreview extends StorageInventory {
  readonly onnx: string | null;
}

/** Imports an ONNX file and, once the lab holds it, keeps it for the next load of the page. */
function importOnnx(port: LabPort, file: KeptOnnx): Promise<void> {
  const copy = file.data.slice(0); // the original is transferred to the worker
  return port
    .call('importOnnx', { ...file }, { transfer: [file.data] })
    .then(() => keepOnnx({ name: file.name, data: copy, norm: file.norm }))
    .catch(() => undefined);
}

export function shareActions(port: LabPort): ShareActions {
  let latestImport = 0;
  return {
    exportModel: (format) => void port.call('export', { format }).catch(() => undefined),
    importFiles: (files, norm, settled = () => undefined) => {
      const problem = uploadProblem(files);
      if (problem) return problem;
      const seq = ++latestImport;
      const [only] = files;
      if (files.length === 1 && only.name.toLowerCase().endsWith('.onnx')) {
        void only
          .arrayBuffer()
          .then((data) => (seq === latestImport ? importOnnx(port, { name: only.name, data, norm }) : undefined))
          .finally(settled);
        return null;
      }
      void Promise.all(files.map(async (f): Promise<UploadedFile> => ({ name: f.name, data: await f.arrayBuffer() })))
        .then((read) => (seq === latestImport ? port.call('import', { files: read }, { transfer: read.map((f) => f.data) }) : undefined))
        .catch(() => undefined)
        .finally(settled);
      return null;
    },
    reimport: (file) => importOnnx(port, file),
    resetStorage: () =>
      void forgetOnnx()
        .then(() => port.call('resetStorage', {}))
        .then(() => window.location.reload(), () => undefined),
    resetPreview: async () => {
      const [inventory, onnx] = await Promise.all([port.call('storageInventory', {}), keptOnnx()]);
      return { ...inventory, onnx: onnx?.name ?? null };
    },
  };
}
