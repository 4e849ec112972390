// The lab's inspection and transfer tools on a LabSession: draw-a-digit predictions and
// review scores (dense vs the model on screen), export of the model on screen and import of
// an uploaded model as a stored checkpoint. They work on private model copies and plain arrays,
// never on the live model, so they cannot disturb a measurement.

import { tokenize, UNK_ID } from '../core/data/imdb';
import { InspectionModels } from '../core/lab/inspectionModels';
import { validateImport } from '../core/io/importModel';
import { referenceModel } from '../core/io/reference';
import { ImportError, type ReferenceModel } from '../core/io/validateModel';
import { TEXT_EMBEDDING_DIM } from '../core/nets/textClassifier';
import { textProbability } from '../core/nets/textForward';
import { textWeights } from '../core/nets/textWeights';
import type { PruneMethod } from '../core/method';
import { MAX_REVIEW_CHARS, type UploadedFile } from '../protocol/calls';
import type { CheckpointInfo, CheckpointKind, DigitPrediction, ExportResult, ImportResult, MasksAgreement, ReviewScores } from '../protocol/results';
import type { WeightSnapshot } from '../core/weights';
import { exportModel } from './exportModel';
import type { LabSession } from './labSession';

/** Words sent back for display (each becomes an element on the page). */
export const REVIEW_WORDS = 400;

/** True when row `row` of a row-major matrix `width` wide is all zeros. */
function zeroRow(matrix: Float32Array, row: number, width: number): boolean {
  for (let j = row * width; j < (row + 1) * width; j++) if (matrix[j] !== 0) return false;
  return true;
}

export class SessionTools {
  private inspection: InspectionModels | null = null;
  private reference: ReferenceModel | null = null;

  constructor(private readonly lab: LabSession) {}

  private models(): InspectionModels {
    this.inspection ??= new InspectionModels(() => this.lab.buildModel());
    return this.inspection;
  }

  private referenceModel(): ReferenceModel {
    if (!this.reference) {
      const model = this.lab.buildModel();
      this.reference = referenceModel(model, this.lab.spec.label);
      model.dispose();
    }
    return this.reference;
  }

  /** The dense checkpoint and the weights on screen. */
  private weights() {
    const pruning = this.lab.pruning;
    const dense = pruning?.checkpoint(0)?.weights;
    if (!pruning || !dense) return null;
    const { anchor, kernels } = pruning.currentWeights();
    return { dense, anchor, kernels };
  }

  /** Top-3 digits of a drawn 28×28 image under the dense and the current model (image models). */
  predictDigit(pixels: Float32Array): DigitPrediction {
    if (this.lab.spec.input.kind !== 'image') throw new Error('Drawing a digit needs an image model.');
    const w = this.weights();
    if (!w) return { dense: [], pruned: [] };
    return this.models().predictDigit(w, pixels);
  }

  /** Positive probability of a review under the dense checkpoint and the model on screen (IMDB). */
  scoreReview(text: string): ReviewScores {
    const vocab = this.lab.data.vocab;
    if (!vocab) throw new Error('Reviews can only be scored by the IMDB model.');
    const words = tokenize(text.slice(0, MAX_REVIEW_CHARS));
    const ids = Uint16Array.from(words, (w) => vocab.idOf(w));
    const w = this.weights();
    const pruned = w ? textWeights(w.anchor, w.kernels) : null;
    // A known word whose embedding row the model on screen holds as zeros is removed: it only dilutes the mean.
    const removedId = (id: number) => id !== UNK_ID && pruned !== null && zeroRow(pruned.embedding, id, TEXT_EMBEDDING_DIM);
    let known = 0;
    let removed = 0;
    for (const id of ids) {
      if (id !== UNK_ID) known++;
      if (removedId(id)) removed++;
    }
    const tokens = words.slice(0, REVIEW_WORDS).map((word, i) => ({ word, known: ids[i] !== UNK_ID, removed: removedId(ids[i]) }));
    if (!w || !pruned || words.length === 0) return { tokens, words: words.length, known, removed, dense: null, pruned: null };
    return {
      tokens,
      words: words.length,
      known,
      removed,
      dense: textProbability(ids, textWeights(w.dense)),
      pruned: textProbability(ids, pruned),
    };
  }

  /** The model on screen, measured on a private copy, as a .zip or as model.onnx. */
  exportModel(format: 'zip' | 'onnx'): Promise<ExportResult> {
    const { spec, data } = this.lab;
    return exportModel(this.lab, format, this.referenceModel().topology, (anchor, kernels) => this.models().evaluate(anchor, kernels, data.test, spec.task));
  }

  /** Validates uploaded model files, measures them on the test set and commits them as a checkpoint shown with `method`. */
  async adoptUpload(files: readonly UploadedFile[], kind: CheckpointKind, method: PruneMethod, name?: string): Promise<{ info: CheckpointInfo; weights: WeightSnapshot; source: string; masks: MasksAgreement }> {
    const { spec, data } = this.lab;
    const { weights, source, maskLayersChecked, maskKeptZeros, maskKept } = validateImport(files, this.referenceModel());
    const result = await this.models().evaluate(weights, undefined, data.test, spec.task);
    const [info] = await this.lab.adopt([{ weights, kind, accuracy: result.accuracy, examples: result.count, name }], method);
    if (!info) throw new ImportError('The model could not be committed.');
    return { info, weights, source, masks: { masksChecked: maskLayersChecked, masksKeptZeros: maskKeptZeros, masksKept: maskKept } };
  }

  /** An uploaded model (import): validated, measured, committed and stored like a fine-tune, pruned from now on. */
  async importModel(files: readonly UploadedFile[], method: PruneMethod): Promise<ImportResult> {
    const { info, weights, source, masks } = await this.adoptUpload(files, 'imported', method);
    await this.lab.sink?.saved(info, weights, null);
    return { checkpointId: info.id, source, ...masks, accuracy: info.accuracy, examples: info.examples, sparsity: info.sparsity };
  }

  dispose(): void {
    this.inspection?.dispose();
    this.inspection = null;
  }
}
