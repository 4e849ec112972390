// The lab's inspection and transfer tools on a LabSession: draw-a-digit predictions
// (dense vs current model), export of the current pruned model, and import of an
// uploaded model as a new checkpoint. They work on private model copies and plain
// arrays, never on the live model, and report through LabEvents.

import type { Emit } from '../protocol/events';
import { InspectionModels } from '../core/inspect/inspectionModels';
import { buildExport } from '../core/io/exportBundle';
import { validateImport, type UploadedFile } from '../core/io/importModel';
import { referenceModel } from '../core/io/reference';
import { ImportError, type ReferenceModel } from '../core/io/validateModel';
import type { WeightSnapshot } from '../core/prune/apply';
import { modelSizes } from './pruneSession';
import type { LabSession } from './labSession';
import { confusionEvent } from '../protocol/toolEvents';

/** Zeros over the prunable kernels of `weights`. */
export function kernelSparsity(weights: WeightSnapshot, prunableLayers: readonly string[]): number {
  let zeros = 0;
  let total = 0;
  for (const layer of prunableLayers) {
    const values = weights.values[weights.names.indexOf(`${layer}/kernel`)];
    if (!values) continue;
    total += values.length;
    for (let i = 0; i < values.length; i++) if (values[i] === 0) zeros++;
  }
  return total ? zeros / total : 0;
}

/** `anchor` with the replaced tensors written in (e.g. the pruned kernels). */
export function withReplaced(anchor: WeightSnapshot, replace?: ReadonlyMap<string, Float32Array>): WeightSnapshot {
  return { ...anchor, values: anchor.names.map((n, i) => replace?.get(n) ?? anchor.values[i]) };
}

export class SessionTools {
  private inspection: InspectionModels | null = null;
  private reference: ReferenceModel | null = null;

  constructor(
    private readonly session: LabSession,
    private readonly emit: Emit,
  ) {}

  private models(): InspectionModels {
    this.inspection ??= new InspectionModels(() => this.session.buildModel());
    return this.inspection;
  }

  private referenceModel(): ReferenceModel {
    if (!this.reference) {
      const model = this.session.buildModel();
      this.reference = referenceModel(model, this.session.spec.label);
      model.dispose();
    }
    return this.reference;
  }

  /** Top-3 digits of a drawn 28×28 image under the dense and the current model (LeNet-5). */
  predictDigit(id: number, pixels: Float32Array): void {
    if (this.session.spec.id !== 'lenet5') throw new Error('Drawing a digit needs the LeNet-5 model.');
    const pruning = this.session.pruningSession;
    if (!pruning) return; // not trained (yet, or again): the UI shows no prediction
    const p = this.models().predictDigit(pruning.inspectWeights(), pixels);
    this.emit({ type: 'digitPrediction', id, dense: p.dense, pruned: p.pruned });
  }

  /** Evaluates the current pruned model on the test set and emits the export archive. */
  async exportModel(): Promise<void> {
    const pruning = this.session.pruningSession;
    if (!pruning) throw new Error('Train or import a model before exporting it.');
    const { spec, data } = this.session;
    const w = pruning.inspectWeights();
    const result = await this.models().evaluate(w.anchor, w.kernels, data.test, spec.task);
    const sizes = await modelSizes(w.anchor, spec.prunableLayers, w.kernels);
    const base = pruning.checkpoint(0)?.info;
    const { zip, report } = buildExport({
      model: spec.id,
      topology: this.referenceModel().topology,
      weights: withReplaced(w.anchor, w.kernels),
      prunableLayers: spec.prunableLayers,
      request: w.request,
      accuracy: { test: result.accuracy, examples: result.count },
      denseAccuracy: base?.kind === 'dense' ? base.accuracy : null,
      sizes,
      createdAt: new Date(),
    });
    this.emit({
      type: 'exported',
      fileName: `prunelab-${spec.id}-${(report.sparsity * 100).toFixed(1)}pct.zip`,
      data: zip.buffer as ArrayBuffer,
      accuracy: result.accuracy,
      examples: result.count,
      sparsity: report.sparsity,
    });
  }

  /** Validates an upload, measures it on the test set and commits it as a checkpoint. */
  async importModel(files: readonly UploadedFile[]): Promise<void> {
    if (this.session.busy) throw new ImportError('Wait for training or fine-tuning to finish before importing a model.');
    const { spec, data } = this.session;
    const { weights, source } = validateImport(files, this.referenceModel());
    const result = await this.models().evaluate(weights, undefined, data.test, spec.task);
    const sparsity = kernelSparsity(weights, spec.prunableLayers);
    const pruning = this.session.pruningSession;
    const checkpointId = pruning
      ? await pruning.addCheckpoint('imported', weights, sparsity, result.accuracy)
      : (await this.session.adopt(weights, result.accuracy, 'imported', sparsity), 0);
    const confusion = confusionEvent(-1, result);
    if (confusion) this.emit(confusion);
    this.emit({ type: 'imported', checkpointId, source, accuracy: result.accuracy, examples: result.count, sparsity });
  }

  dispose(): void {
    this.inspection?.dispose();
    this.inspection = null;
  }
}
