// An imported ONNX model's fine-tunes survive a reload: the same file imported again (as the
// page does with the kept file) restores them; another normalisation is another history.
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { useBackendForTest } from '../core/backend/testWasmSetup';
import { methodFor } from '../core/method';
import { MemoryArtifactStore } from '../core/persist/artifactStore';
import { ExperimentStorage } from '../core/persist/experimentStorage';
import type { InputNorm } from '../core/io/onnx/onnxNorm';
import type { LabEvent } from '../protocol/events';
import { importedKey, keepImported } from './importedStorage';
import { openImportedLab } from './openImported';
import { SessionPersistence } from './persistence';
import { lastEvent } from './testing/tinyLab';

const DATA_URL = pathToFileURL(fileURLToPath(new URL('../../public/data/', import.meta.url))).href;
const fetcher = async (url: string) => new Response(readFileSync(fileURLToPath(url)));
const bytes = new Uint8Array(readFileSync(fileURLToPath(new URL('../../e2e/fixtures/onnx/mlp.onnx', import.meta.url))));

beforeAll(async () => {
  await useBackendForTest('wasm');
});

/** One page load: the file imported into a lab with storage on `store`. */
async function load(store: MemoryArtifactStore, norm: InputNorm = 'mnist') {
  const events: LabEvent[] = [];
  const { lab, checkpoint } = await openImportedLab({ bytes, fileName: 'mlp.onnx', norm }, { dataUrl: DATA_URL, train: 128, test: 64, fetcher }, (e) => events.push(e));
  const persistence = new SessionPersistence(new ExperimentStorage(store, await importedKey(bytes, norm, 128, 64), { channel: null }), (e) => events.push(e), () => lab);
  const method = methodFor(lab.spec.defaultInclude);
  const restored = await keepImported(lab, checkpoint, 'mlp.onnx', persistence, method);
  return { lab, events, restored, method };
}

it("restores an imported model's fine-tunes when the same file is imported again", async () => {
  const store = new MemoryArtifactStore();
  const a = await load(store);
  expect(a.restored).toBe(false);
  expect(lastEvent(a.events, 'storage')?.storage).toMatchObject({ status: 'saved', checkpoints: 1 });
  await a.lab.finetune({ epochs: 1, seed: 2, method: { ...a.method, rate: 0.7 } });
  expect(lastEvent(a.events, 'storage')?.storage).toMatchObject({ status: 'saved', checkpoints: 2 });
  const before = lastEvent(a.events, 'checkpoints')?.list.map((c) => [c.kind, c.accuracy, c.sparsity]);

  const b = await load(store);
  expect(b.restored).toBe(true);
  expect(lastEvent(b.events, 'storage')?.storage).toMatchObject({ status: 'restored', checkpoints: 2 });
  expect(lastEvent(b.events, 'checkpoints')?.list.map((c) => [c.kind, c.accuracy, c.sparsity])).toEqual(before);
  // Restored, checkpoint #0 is still named by its file, as before the reload.
  expect(lastEvent(b.events, 'checkpoints')?.list[0]?.label).toMatch(/^#0 mlp\.onnx /);

  // Read with other pixels, the same file is another model: nothing restored.
  const c = await load(store, 'unit');
  expect(c.restored).toBe(false);
  for (const t of [a, b, c]) t.lab.dispose();
}, 60_000);
