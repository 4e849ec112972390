// The worker's answer to every call of the protocol, as one table typed by LabCalls: each
// entry unpacks its arguments and asks the lab session. The worker entry owns the state
// (which session, which backend); this file only maps calls to it.

import { DataCache } from '../core/data/dataCache';
import { MANIFEST_VERSION } from '../core/data/manifest';
import { methodFor, type PruneMethod } from '../core/method';
import { needsTrainingData } from '../core/criteria';
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
import { speedJob } from '../session/speedJob';
import { ensureTrainData } from '../session/trainData';
import type { RecoveryFactory } from '../session/runs';
import { importOnnxFile } from './onnxImport';
import { startFromShipped } from './shipped';

/** What the handlers work with; the worker entry keeps it. */
export interface WorkerState {
  session: LabSession | null;
  tools: SessionTools | null;
  persistence: SessionPersistence | null;
  backend: BackendChoice | null;
  /** The data the last init loaded (an ONNX import measures the imported model on the same, from the same cache, as deferred). */
  data: { readonly dataUrl: string; readonly train: number; readonly test: number; readonly cache: DataCache; readonly deferTrain: boolean } | null;
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
  storageInventory: 'io',
  sweep: 'job',
  sensitivity: 'job',
  schedule: 'job',
  compact: 'job',
  speed: 'job',
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

/** The lab, with its training files fetched first when `needed` (a job that trains, or a gradient criterion). */
async function trainingLab(env: HandlerEnv, job: string, needed = true): Promise<LabSession> {
  const lab = session(env);
  if (needed) await ensureTrainData(lab, job);
  return lab;
}

const gradients = (method: PruneMethod) => needsTrainingData(method.criterion);

/** The lab, with its training files fetched first when `method`'s criterion reads training data. */
const criterionLab = (env: HandlerEnv, method: PruneMethod) => trainingLab(env, `The ${method.criterion} criterion`, gradients(method));

/** One cache of data files for the worker's life; a store that fails (a full quota) is said once. */
let dataCache: DataCache | null = null;
function cacheFor(emit: Emit): DataCache {
  dataCache ??= DataCache.platform((why) =>
    emit({ type: 'notice', message: why === 'quota' ? "This browser's storage is full: the data files load from the network on each visit instead of from the cache." : 'This browser refused to keep the data files: they load from the network on each visit.' }),
  );
  return dataCache;
}

const NO_STORAGE: StorageState = { status: 'none', savedAt: null, checkpoints: 0, message: 'Browser storage is not used for this page.' };

export const HANDLERS: Handlers = {
  init: async (args, env) => {
    const backend = await env.selectBackend(args.backend);
    env.state.backend = backend;
    env.state.session?.dispose();
    env.state.tools?.dispose();
    env.state.tools = null;
    env.state.persistence?.stopWatching();
    env.state.persistence = null;
    const trained = args.start === 'trained';
    // A trained start needs no training example until a job trains: its files wait until then.
    const data = { dataUrl: args.dataUrl, train: args.train, test: args.test, cache: cacheFor(env.emit), deferTrain: trained };
    const lab = await openLab({ model: args.model, stallSeconds: args.stallSeconds, ...data }, env.emit);
    env.state.session = lab;
    env.state.data = data;
    await criterionLab(env, args.method);
    lab.recovery = env.recovery;
    let restored = null;
    let storage = NO_STORAGE;
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
    const shipped = trained ? await startFromShipped(lab, tools(env), data, args.method, restored !== null) : null;
    storage = env.state.persistence?.current ?? storage;
    // A device lost while the data loaded has moved the lab on: the reply names the backend in use now.
    return { dataset: lab.datasetInfo, backend: env.state.backend ?? backend, restored: trained ? null : restored, shipped, storage };
  },
  train: async (args, env) => (await trainingLab(env, 'Training')).train(args),
  finetune: async (args, env) => (await trainingLab(env, 'Fine-tuning')).finetune(args),
  prune: async (args, env) => (await criterionLab(env, args.method)).prune(args.method, args.final),
  anchor: async (args, env) => (await criterionLab(env, args.method)).selectAnchor(args.id, args.method),
  review: async (args, env) => tools(env).scoreReview(args.text),
  probe: (_args, env) => session(env).probeSpeed(),
  draw: async (args, env) => tools(env).predictDigit(args.pixels),
  export: (args, env) => tools(env).exportModel(args.format),
  import: async (args, env) => {
    const lab = session(env);
    const method = lab.pruning?.view?.method ?? methodFor(lab.spec.defaultInclude);
    await criterionLab(env, method);
    return tools(env).importModel(args.files, method);
  },
  importOnnx: (args, env) => importOnnxFile(args, env),
  resetStorage: async (_args, env) => {
    const p = env.state.persistence;
    if (!p) throw new Error('Browser storage is not in use on this page.');
    return p.reset();
  },
  storageInventory: async (_args, env) => {
    const p = env.state.persistence;
    return p ? p.inventory() : { entries: 0, keptAside: 0, thisExperiment: 0 };
  },
  sweep: async (args, env) => sweepJob(await trainingLab(env, 'A sweep of gradient criteria', args.criteria.some(needsTrainingData)), args),
  sensitivity: async (args, env) => sensitivityJob(await trainingLab(env, `Sensitivity by ${args.method.criterion}`, gradients(args.method)), args),
  schedule: async (args, env) => scheduleJob(await trainingLab(env, 'A schedule that trains'), args),
  compact: (_args, env) => compactJob(session(env)),
  speed: (args, env) => speedJob(session(env), args.curve),
  compress: async (args, env) => compressJob(await trainingLab(env, 'Deep Compression (its retraining)'), args),
  loadCompressed: (args, env) => loadCompressedJob(session(env), args.data),
};
