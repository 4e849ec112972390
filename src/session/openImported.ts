// Opens a lab session on a model imported from an ONNX file: the file is read into a model
// description (refused at once, with the lab untouched, when PruneLab cannot run it), the
// MNIST data are loaded normalised as the user said the model expects, and the file's weights
// are measured on the test set and committed as the 'imported' checkpoint pruning starts from.

import { importOnnx } from '../core/nets/onnxImport';
import type { InputNorm } from '../core/io/onnx/onnxNorm';
import { methodFor } from '../core/method';
import type { ModelInfo } from '../core/models/description';
import { specOf } from '../core/nets/registry';
import { evaluate } from '../core/train/evaluate';
import type { Emit } from '../protocol/events';
import type { CheckpointInfo } from '../protocol/results';
import { LabSession } from './labSession';
import { loadSessionData, type SessionInit } from './openLab';

export interface OnnxUpload {
  readonly bytes: Uint8Array;
  readonly fileName: string;
  readonly norm: InputNorm;
}

/** A lab on the imported model, its dense checkpoint committed with its measured test accuracy, and its description (plain data). */
export async function openImportedLab(upload: OnnxUpload, init: Omit<SessionInit, 'model'>, emit: Emit): Promise<{ lab: LabSession; checkpoint: CheckpointInfo; info: ModelInfo }> {
  const imported = importOnnx(upload.bytes, upload.norm, upload.fileName);
  try {
    const spec = specOf(imported.info);
    const data = await loadSessionData(spec, init, emit);
    const dense = await evaluate(imported.model, data.test, { task: spec.task });
    const lab = LabSession.withData(spec, data, emit);
    const [checkpoint] = await lab.adopt([{ weights: imported.weights, kind: 'imported', accuracy: dense.accuracy, examples: dense.count, name: upload.fileName }], methodFor(spec.defaultInclude));
    return { lab, checkpoint, info: imported.info };
  } finally {
    imported.model.dispose();
  }
}
