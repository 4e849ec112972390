// The lab's inspection and transfer tools on a LabSession: draw-a-digit predictions and
// review scores (dense vs the model on screen), export of the model on screen and import of
// an uploaded model as a checkpoint. They work on private model copies and plain arrays,
// never on the live model, so they cannot disturb a measurement.

import { tokenize, UNK_ID } from '../core/data/imdb';
import { InspectionModels } from '../core/inspect/inspectionModels';
import { buildExport } from '../core/io/exportBundle';
import { validateImport } from '../core/io/importModel';
import { referenceModel } from '../core/io/reference';
import { ImportError, type ReferenceModel } from '../core/io/validateModel';
import { textProbability } from '../core/models/textForward';
import { textWeights } from '../core/models/textWeights';
import { modelSizes } from '../core/stats/modelSizes';
import { replaceWeights } from '../core/weights';
import type { PruneMethod } from '../core/method';
import type { UploadedFile } from '../protocol/calls';
import type { DigitPrediction, ExportResult, ImportResult, ReviewScores } from '../protocol/results';
import type { LabSession } from './labSession';

/** Characters of a review that are scored; a longer paste is cut here (and the page says so). */
export const MAX_REVIEW_CHARS = 100_000;
/** Words sent back for display (each becomes an element on the page). */
export const REVIEW_WORDS = 400;

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

  /** Top-3 digits of a drawn 28×28 image under the dense and the current model (LeNet-5). */
  predictDigit(pixels: Float32Array): DigitPrediction {
    if (this.lab.spec.id !== 'lenet5') throw new Error('Drawing a digit needs the LeNet-5 model.');
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
    let known = 0;
    for (const id of ids) if (id !== UNK_ID) known++;
    const w = this.weights();
    const tokens = words.slice(0, REVIEW_WORDS).map((word, i) => ({ word, known: ids[i] !== UNK_ID }));
    if (!w) return { tokens, words: words.length, known, dense: null, pruned: null };
    return {
      tokens,
      words: words.length,
      known,
      dense: textProbability(ids, textWeights(w.dense)),
      pruned: textProbability(ids, textWeights(w.anchor, w.kernels)),
    };
  }

  /** Evaluates the model on screen on the test set and builds the export archive. */
  async exportModel(): Promise<ExportResult> {
    const w = this.weights();
    const pruning = this.lab.pruning;
    if (!w || !pruning) throw new Error('Train or import a model before exporting it.');
    const { spec, data } = this.lab;
    const result = await this.models().evaluate(w.anchor, w.kernels, data.test, spec.task);
    const sizes = await modelSizes(w.anchor, spec.prunableLayers, w.kernels);
    const base = pruning.checkpoint(0)?.info;
    const { zip, report } = buildExport({
      model: spec.id,
      topology: this.referenceModel().topology,
      weights: replaceWeights(w.anchor, w.kernels),
      prunableLayers: spec.prunableLayers,
      request: pruning.view?.method ?? null,
      accuracy: { test: result.accuracy, examples: result.count },
      denseAccuracy: base?.kind === 'dense' ? base.accuracy : null,
      sizes,
      createdAt: new Date(),
    });
    return {
      fileName: `prunelab-${spec.id}-${(report.sparsity * 100).toFixed(1)}pct.zip`,
      data: zip.buffer.byteLength === zip.byteLength ? (zip.buffer as ArrayBuffer) : (zip.slice().buffer as ArrayBuffer),
      accuracy: result.accuracy,
      examples: result.count,
      sparsity: report.sparsity,
    };
  }

  /** Validates an upload, measures it on the test set and commits it as a checkpoint shown with `method`. */
  async importModel(files: readonly UploadedFile[], method: PruneMethod): Promise<ImportResult> {
    const { spec, data } = this.lab;
    const { weights, source } = validateImport(files, this.referenceModel());
    const result = await this.models().evaluate(weights, undefined, data.test, spec.task);
    const [info] = await this.lab.adopt([{ weights, kind: 'imported', accuracy: result.accuracy, examples: result.count }], method);
    if (!info) throw new ImportError('The import could not be committed.');
    return { checkpointId: info.id, source, accuracy: result.accuracy, examples: result.count, sparsity: info.sparsity };
  }

  dispose(): void {
    this.inspection?.dispose();
    this.inspection = null;
  }
}
