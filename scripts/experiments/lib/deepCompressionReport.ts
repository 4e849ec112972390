// The Deep Compression results page: per model, each seed's stages (bytes, ratio, accuracy)
// and per-layer table next to the paper's figures, mean over seeds, and the acceptance
// checks (ratio ≥ the paper's, accuracy within 0.1 pp of our own dense baseline).
// Why this file exists: measure-deep-compression.ts writes docs/results/deep-compression.md from it.

import type { CompressOptions } from '../../../src/core/compress/pipeline';
import { PAPER_RECIPES } from '../../../src/core/compress/recipe';
import { STAGE_LABELS, type LayerRow, type StageRow } from '../../../src/core/compress/stages';
import type { RunInfo } from './runInfo';

export interface DeepCompressionRun {
  readonly model: string;
  readonly seed: number;
  readonly info: RunInfo;
  readonly denseTrainSeconds: number;
  readonly iterations: number;
  /** 'shipped': the dense model is the app's shipped one (the tutorial's 3 epochs), not the Caffe recipe. */
  readonly start?: 'caffe' | 'shipped';
  readonly options: CompressOptions;
  readonly denseBytes: number;
  readonly fileBytes: number;
  readonly stages: readonly StageRow[];
  readonly layers: readonly LayerRow[];
  readonly bitIdentical: boolean;
  readonly pipelineSeconds: number;
}

const NAMES: Record<string, string> = { lenet5: 'LeNet-5', lenet300: 'LeNet-300-100' };
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
const kb = (bytes: number) => (bytes / 1000).toFixed(1);
const pct = (x: number) => (x * 100).toFixed(2);

function modelSection(model: string, runs: DeepCompressionRun[]): { md: string[]; summary: Record<string, unknown> } {
  const paper = PAPER_RECIPES[model].published;
  const o = runs[0].options;
  const md: string[] = [
    `## ${NAMES[model] ?? model}${runs[0].start === 'shipped' ? ', from the shipped (tutorial-trained) model' : ''}`,
    '',
    (runs[0].start === 'shipped'
      ? "Recipe: dense model = the app's shipped trained model (the tutorial's settings: 3 epochs, SGD lr 0.01, momentum 0.5; NOT the Caffe solver; the seed varies only the pipeline's batch order); "
      : `Recipe: dense baseline with Caffe's LeNet solver (SGD lr 0.01, momentum 0.9, weight decay 5e-4, inv γ 1e-4 power 0.75, ${runs[0].iterations.toLocaleString('en-US')} iterations of batch 64); `) +
      `${o.rounds} prune → retrain rounds (magnitude per layer, kept fraction falling geometrically to the paper's per-layer rates; ${o.retrain.epochs} epoch${o.retrain.epochs === 1 ? '' : 's'} each at lr ${o.retrain.learningRate}${o.retrain.lrPolicy ? ` (inv γ ${o.retrain.lrPolicy.gamma} power ${o.retrain.lrPolicy.power}, restarted each round)` : ''}, momentum ${o.retrain.momentum}, weight decay ${o.retrain.weightDecay ?? 0}); ` +
      `k-means weight sharing (linear init) with ${Object.entries(o.bits).map(([l, b]) => `${l} ${b}`).join(', ')} bits; ${o.finetune.epochs} epoch${o.finetune.epochs === 1 ? '' : 's'} of centroid fine-tuning (summed gradients, lr ${o.finetune.learningRate}, momentum ${o.finetune.momentum}); Huffman coding of codes and relative indices.`,
    '',
  ];
  const denseAcc = mean(runs.map((r) => r.stages[0].accuracy));
  const final = runs.map((r) => r.stages[r.stages.length - 1]);
  const finalAcc = mean(final.map((s) => s.accuracy));
  const ratio = mean(runs.map((r) => r.denseBytes / r.fileBytes));
  const minRatio = Math.min(...runs.map((r) => r.denseBytes / r.fileBytes));
  const dropPp = (denseAcc - finalAcc) * 100;
  md.push('| | dense | compressed | ratio | top-1 error |', '|---|---|---|---|---|');
  md.push(`| Han et al. 2016 | ${paper.denseKB.toLocaleString('en-US')} KB | ${paper.compressedKB} KB | ${paper.ratio}× | ${paper.errorPct} % |`);
  md.push(
    `| ours, mean of ${runs.length} seed${runs.length === 1 ? '' : 's'} | ${kb(runs[0].denseBytes)} KB | ${kb(mean(runs.map((r) => r.fileBytes)))} KB | ${ratio.toFixed(1)}× | ${pct(1 - finalAcc)} % (dense ${pct(1 - denseAcc)} %) |`,
  );
  md.push('');
  md.push(
    `Acceptance: ratio ≥ ${paper.ratio}×: **${minRatio >= paper.ratio ? 'holds' : 'fails'}** (lowest seed ${minRatio.toFixed(1)}×); ` +
      `accuracy within 0.1 pp of our dense baseline (mean): **${dropPp <= 0.1 ? 'holds' : 'fails'}** (${dropPp >= 0 ? '−' : '+'}${Math.abs(dropPp).toFixed(2)} pp).`,
    '',
  );
  md.push('### Stages, per seed', '', '| seed | stage | bytes | ratio vs dense float32 | test accuracy |', '|---|---|---|---|---|');
  for (const r of runs) for (const s of r.stages) md.push(`| ${r.seed} | ${STAGE_LABELS[s.stage]} | ${s.bytes.toLocaleString('en-US')} | ${(r.denseBytes / s.bytes).toFixed(1)}× | ${pct(s.accuracy)} % (${s.correct}/${s.count}) |`);
  md.push('', '### Layers, per seed (bits are Huffman-coded bits per kept weight)', '');
  md.push('| seed | layer | weights | kept | paper kept | codebook bits | code bits (Huffman) | index width | index bits (Huffman) | bytes in file |', '|---|---|---|---|---|---|---|---|---|---|');
  for (const r of runs) {
    for (const l of r.layers) {
      const paperKeep = PAPER_RECIPES[model].keep[l.layer];
      md.push(
        `| ${r.seed} | ${l.layer} | ${l.weights.toLocaleString('en-US')} | ${l.kept.toLocaleString('en-US')} (${pct(l.kept / l.weights)} %) | ${paperKeep !== undefined ? `${(paperKeep * 100).toFixed(0)} %` : '–'} | ${l.bits} | ${l.codeBits.toFixed(2)} | ${l.indexWidth} | ${l.indexBits.toFixed(2)} | ${l.bytes.toLocaleString('en-US')} |`,
      );
    }
  }
  md.push('', `Round trip: decoding the file gave the fine-tuned quantized weights bit for bit in ${runs.filter((r) => r.bitIdentical).length} of ${runs.length} runs; the Huffman row's accuracy is measured on the decoded weights.`);
  md.push(`Pipeline time (prune rounds, quantization, fine-tuning, coding) per seed: ${runs.map((r) => `${r.pipelineSeconds.toFixed(0)} s`).join(', ')}; dense training ${runs.map((r) => `${r.denseTrainSeconds.toFixed(0)} s`).join(', ')}.`, '');
  return {
    md,
    summary: { model, seeds: runs.map((r) => r.seed), denseAccuracy: denseAcc, compressedAccuracy: finalAcc, ratio, minRatio, dropPp, paper, fileBytes: runs.map((r) => r.fileBytes) },
  };
}

export function deepCompressionReport(runs: readonly DeepCompressionRun[]): { markdown: string; summary: unknown } {
  const md: string[] = ['# Deep Compression of the LeNets, stage by stage', ''];
  const commits = [...new Set(runs.map((r) => `${r.info.commit}${r.info.dirty ? ' (+ uncommitted changes)' : ''}`))];
  md.push(`Produced by \`scripts/experiments/measure-deep-compression.ts\` from commit ${commits.join(', ')}, tfjs ${runs[0]?.info.tfjs ?? '?'} on the ${runs[0]?.info.backend ?? 'wasm'} backend (the script loads MNIST with wasm active), ${runs[0]?.info.date.slice(0, 10) ?? ''}.`);
  md.push(
    '',
    "Bytes are the file's, with every header, codebook, Huffman table, float32 bias and checksum; the earlier stages count float32 kept weights (pruned) or fixed-width codes plus float32 codebooks (quantized), each with the same fixed-width relative index and the float32 biases. " +
      'The paper\'s ratio is against its own dense size (LeNet-5 1,720 KB, LeNet-300-100 1,070 KB); ours against 4 bytes per parameter.',
  );
  md.push('');
  const summary: Record<string, unknown>[] = [];
  for (const model of ['lenet5', 'lenet300']) {
    for (const start of ['caffe', 'shipped'] as const) {
      const mine = runs.filter((r) => r.model === model && (r.start ?? 'caffe') === start);
      if (mine.length === 0) continue;
      const s = modelSection(model, mine);
      md.push(...s.md);
      summary.push({ ...s.summary, start });
    }
  }
  return { markdown: md.join('\n') + '\n', summary: { commits, models: summary } };
}
