// The trained start (?start=trained): fetch the model that ships with the app, validate it
// like an upload, measure it on this page's test set and make it checkpoint #0, stored like
// a trained model so fine-tunes of it survive a reload.

import type { DataCache } from '../core/data/dataCache';
import { fetchTrained } from '../core/data/fetchTrained';
import type { PruneMethod } from '../core/method';
import type { ShippedModel } from '../protocol/results';
import type { LabSession } from '../session/labSession';
import type { SessionTools } from '../session/sessionTools';

export async function startFromShipped(lab: LabSession, tools: SessionTools, data: { readonly dataUrl: string; readonly cache: DataCache }, method: PruneMethod, restored: boolean): Promise<ShippedModel> {
  const trained = await fetchTrained(lab.spec.id, { baseUrl: data.dataUrl, cache: data.cache });
  if (!trained) throw new Error(`This build ships no trained ${lab.spec.label} (run "npx tsx scripts/build/train-shipped.ts", then "npm run prepare-data"). Press Train instead.`);
  const { entry } = trained;
  const shipped = { epochs: entry.epochs, seed: entry.seed, train: entry.train, trainedAccuracy: entry.testAccuracy, epochAccuracies: entry.epochAccuracies ?? [], trainSeconds: entry.trainSeconds ?? null, backend: entry.backend, commit: entry.commit, date: entry.date, script: entry.script };
  if (restored) {
    const dense = lab.requirePruning().checkpoint(0)?.info;
    return { ...shipped, testAccuracy: dense?.accuracy ?? NaN, examples: dense?.examples ?? 0 };
  }
  const { info, weights } = await tools.adoptUpload(trained.files, 'dense', method, 'shipped trained model');
  await lab.sink?.saved(info, weights, null);
  return { ...shipped, testAccuracy: info.accuracy, examples: info.examples };
}
