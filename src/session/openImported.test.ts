// A lab session on an imported ONNX model (the BatchNormalization CNN PyTorch made, read as
// [0, 1] pixels): its dense checkpoint's accuracy on the 10,000 test images is PyTorch's, and
// the session's own 50 % per-layer magnitude pruning, measured as the page measures it, gets
// exactly torch.nn.utils.prune.l1_unstructured's count.

import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { openImportedLab } from './openImported';
import { lastEvent } from './testing/tinyLab';
import { useBackendForTest } from '../core/backend/testWasmSetup';
import { methodFor } from '../core/method';
import type { LabEvent } from '../protocol/events';

const FIXTURES = new URL('../../e2e/fixtures/onnx/', import.meta.url);
const DATA_URL = pathToFileURL(fileURLToPath(new URL('../../public/data/', import.meta.url))).href;
const fetcher = async (url: string) => new Response(readFileSync(fileURLToPath(url)));

beforeAll(async () => {
  await useBackendForTest('wasm');
});

it('measures the imported model and prunes it as PyTorch does', async () => {
  const info = JSON.parse(readFileSync(fileURLToPath(new URL('cnn-bn.json', FIXTURES)), 'utf8')) as { denseCorrect: number; prunedCorrect: number };
  const bytes = new Uint8Array(readFileSync(fileURLToPath(new URL('cnn-bn.onnx', FIXTURES))));
  const events: LabEvent[] = [];
  const { lab, checkpoint } = await openImportedLab({ bytes, fileName: 'cnn-bn.onnx', norm: 'unit' }, { dataUrl: DATA_URL, train: 1000, test: 10000, fetcher }, (e) => events.push(e));
  expect(lab.spec.prunableLayers).toEqual(['conv1', 'conv2', 'fc1', 'fc2']);
  expect(checkpoint.examples).toBe(10000);
  expect(Math.round(checkpoint.accuracy * 10000)).toBe(info.denseCorrect);
  await lab.prune(methodFor(lab.spec.prunableLayers, { rate: 0.5 }), true);
  const m = lastEvent(events, 'measurement')?.measurement;
  expect(m).toMatchObject({ estimate: false, examples: 10000 });
  expect(Math.round((m?.accuracy ?? 0) * 10000)).toBe(info.prunedCorrect);
  lab.dispose();
}, 300_000);
