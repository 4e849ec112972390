// The worker's answer to every call of the protocol, as one table typed by LabCalls: each
// entry unpacks its arguments and asks the lab session. The worker entry owns the state
// (which session, which backend); this file only maps calls to it.

import { MANIFEST_VERSION } from '../core/data/manifest';
import { methodFor } from '../core/method';
import { IndexedDbArtifactStore } from '../core/persist/indexedDbStore';
import { ExperimentStorage, experimentKey } from '../core/persist/experimentStorage';
import type { CallArgs, CallName, CallResult } from '../protocol/calls';
import type { Emit } from '../protocol/events';
import type { BackendChoice, StorageState } from '../protocol/results';
import type { ErrorStage } from '../protocol/wire';
import type { LabSession } from '../session/labSession';
import { openLab } from '../session/openLab';
import { SessionPersistence } from '../session/persistence';
import { scheduleJob } from '../session/scheduleJob';
import { compactJob, sensitivityJob, sweepJob } from '../session/scienceJobs';
import { compressJob, loadCompressedJob } from '../session/compressJob';
import { SessionTools } from '../session/sessionTools';
import type { RecoveryFactory } from '../session/runs';
import { importOnnxFile } from './onnxImport';
import { startFromShipped } from './shipped';

/** What the handlers work with; the worker entry keeps it. */
export interface WorkerState {
  session: LabSession | null;
  tools: SessionTools | null;
  persistence: SessionPersistence | null;
  backend: BackendChoice | null;
  /** The data the last init loaded (an ONNX import measures the imported model on the same). */
  data: { readonly dataUrl: string; readonly train: number; readonly test: number } | null;
}

export interface HandlerEnv {
  readonly state: WorkerState;
  readonly emit: Emit;
  /** Chooses (or re-chooses) the tfjs backend. */
  readonly selectBackend: (requested: CallArgs<'init'>['backend']) => Promise<BackendChoice>;
  /** How training carries on after a lost GPU device. */
  readonly recovery: RecoveryFactory;
}

type Handlers = { readonly [K in CallName]: (args: CallArgs<K>, env: HandlerEnv) => Promise<CallResult<K>> };

/** The stage a failure of each call is reported under. */
export const CALL_STAGE: Readonly<Record<CallName, ErrorStage>> = {
  init: 'data',
  train: 'train',
  finetune: 'train',
  prune: 'prune',
  anchor: 'prune',
  review: 'prune',
  probe: 'train',
  draw: 'prune',
  export: 'io',
  import: 'io',
  importOnnx: 'io',
  resetStorage: 'io',
  sweep: 'job',
  sensitivity: 'job',
  schedule: 'job',
  compact: 'job',
  compress: 'job',
  loadCompressed: 'io',
};

function session(env: HandlerEnv): LabSession {
  const s = env.state.session;
  if (!s) throw new Error('The lab is not ready yet: the data is still loading.');
  return s;
}

function tools(env: HandlerEnv): SessionTools {
  const s = session(env);
  env.state.tools ??= new SessionTools(s);
  return env.state.tools;
}

const NO_STORAGE: StorageState = { status: 'none', savedAt: null, checkpoints: 0, message: 'Browser storage is not used for this page.' };

export const HANDLERS: Handlers = {
  init: async (args, env) => {
    const backend = await env.selectBackend(args.backend);
    env.state.backend = backend;
    env.state.session?.dispose();
    env.state.tools?.dispose();
    env.state.tools = null;
    env.state.persistence = null;
    const lab = await openLab({ model: args.model, dataUrl: args.dataUrl, train: args.train, test: args.test, stallSeconds: args.stallSeconds }, env.emit);
    env.state.session = lab;
    env.state.data = { dataUrl: args.dataUrl, train: args.train, test: args.test };
    lab.recovery = env.recovery;
    let restored = null;
    let storage = NO_STORAGE;
    const trained = args.start === 'trained';
    if (args.storage) {
      // The trained start keeps its own history: the shipped model and what was made from it.
      const settings = trained ? { epochs: 0, seed: 0 } : args.storage;
      const key = experimentKey({ model: args.model, train: args.train, test: args.test, ...settings, dataVersion: MANIFEST_VERSION });
      const persistence = new SessionPersistence(new ExperimentStorage(new IndexedDbArtifactStore(), key), env.emit, () => env.state.session);
      env.state.persistence = persistence;
      lab.sink = persistence;
      restored = await persistence.restore(lab, args.method);
      persistence.watchOtherTabs();
    }
    const shipped = trained ? await startFromShipped(lab, tools(env), args.dataUrl, args.method, restored !== null) : null;
    storage = env.state.persistence?.current ?? storage;
    return { dataset: lab.datasetInfo, backend, restored: trained ? null : restored, shipped, storage };
  },
  train: (args, env) => session(env).train(args),
  finetune: (args, env) => session(env).finetune(args),
  prune: (args, env) => session(env).prune(args.method, args.final),
  anchor: (args, env) => session(env).selectAnchor(args.id, args.method),
  review: async (args, env) => tools(env).scoreReview(args.text),
  probe: (_args, env) => session(env).probeSpeed(),
  draw: async (args, env) => tools(env).predictDigit(args.pixels),
  export: (args, env) => tools(env).exportModel(args.format),
  import: (args, env) => {
    const lab = session(env);
    const method = lab.pruning?.view?.method;
    return tools(env).importModel(args.files, method ?? methodFor(lab.spec.defaultInclude));
  },
  importOnnx: (args, env) => importOnnxFile(args, env),
  resetStorage: async (_args, env) => {
    const p = env.state.persistence;
    if (!p) throw new Error('Browser storage is not in use on this page.');
    return p.reset();
  },
  sweep: (args, env) => sweepJob(session(env), args),
  sensitivity: (args, env) => sensitivityJob(session(env), args),
  schedule: (args, env) => scheduleJob(session(env), args),
  compact: (_args, env) => compactJob(session(env)),
  compress: (args, env) => compressJob(session(env), args),
  loadCompressed: (args, env) => loadCompressedJob(session(env), args.data),
};
