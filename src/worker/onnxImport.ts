// The worker's side of an ONNX import: the file becomes a new lab session on the data the
// page loaded, measured on the test set. Only once it has succeeded does the page hear of
// it (the 'model' event, then what the new session said while opening); a refused file
// leaves the current session, and what the page shows, as they were. The imported model and
// what is made from it are stored in the browser, keyed by the file's bytes.

import { paramCount } from '../core/models/description';
import type { CallArgs, CallResult } from '../protocol/calls';
import type { Emit, LabEvent } from '../protocol/events';
import { methodFor } from '../core/method';
import { ExperimentStorage } from '../core/persist/experimentStorage';
import { IndexedDbArtifactStore } from '../core/persist/indexedDbStore';
import { importedKey, keepImported } from '../session/importedStorage';
import { openImportedLab } from '../session/openImported';
import { SessionPersistence } from '../session/persistence';
import type { LabSession } from '../session/labSession';
import type { RecoveryFactory } from '../session/runs';
import type { SessionTools } from '../session/sessionTools';

/** What of the worker's state an import reads and replaces. */
interface ImportEnv {
  readonly state: {
    session: LabSession | null;
    tools: SessionTools | null;
    persistence: SessionPersistence | null;
    readonly data: { readonly dataUrl: string; readonly train: number; readonly test: number } | null;
  };
  readonly emit: Emit;
  readonly recovery: RecoveryFactory;
}

/** Events that only report progress pass at once; the rest wait for the import to succeed. */
function passesAtOnce(e: LabEvent): boolean {
  return e.type === 'stage' || e.type === 'dataProgress' || e.type === 'notice';
}

export async function importOnnxFile(args: CallArgs<'importOnnx'>, env: ImportEnv): Promise<CallResult<'importOnnx'>> {
  const data = env.state.data;
  if (!data || !env.state.session) throw new Error('The lab is not ready yet: the data is still loading.');
  const held: LabEvent[] = [];
  let released = false;
  // The new session keeps this emit: held back until it has succeeded, then passed through.
  const buffered: Emit = (e) => void (released || passesAtOnce(e) ? env.emit(e) : held.push(e));
  const bytes = new Uint8Array(args.data);
  const key = await importedKey(bytes, args.norm, data.train, data.test);
  const { lab, checkpoint, info } = await openImportedLab({ bytes, fileName: args.name, norm: args.norm }, data, buffered);
  // Stored like a trained model, keyed by the file itself: importing it again (the page does
  // after a reload) restores its fine-tunes.
  const persistence = new SessionPersistence(new ExperimentStorage(new IndexedDbArtifactStore(), key), env.emit, () => lab);
  try {
    await keepImported(lab, checkpoint, args.name, persistence, methodFor(lab.spec.defaultInclude));
  } catch (e) {
    lab.dispose();
    throw e;
  }
  persistence.watchOtherTabs();
  env.state.tools?.dispose();
  env.state.tools = null;
  env.state.session.dispose();
  env.state.session = lab;
  env.state.persistence?.stopWatching();
  env.state.persistence = persistence;
  lab.recovery = env.recovery;
  const params = paramCount(info);
  env.emit({ type: 'model', info, params });
  held.forEach((e) => env.emit(e));
  released = true;
  return { checkpointId: checkpoint.id, source: args.name, masksChecked: 0, masksKeptZeros: 0, masksKept: 0, accuracy: checkpoint.accuracy, examples: checkpoint.examples, sparsity: checkpoint.sparsity, info, params };
}
