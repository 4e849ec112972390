// The worker side of the lab's tools: browser storage (restore on init, save checkpoints,
// Reset), draw-a-digit, export and import. Keeps lab.worker.ts a thin switch: it routes
// ToolRequests here and emits every session event through `emit`, which lets storage
// see the checkpoints it must save.

import { MANIFEST_VERSION } from '../core/data/manifest';
import type { LabEvent } from '../protocol/events';
import { IndexedDbArtifactStore } from '../core/persist/artifactStore';
import { ExperimentStorage, experimentKey } from '../core/persist/experimentStorage';
import { SessionPersistence } from '../session/persistence';
import type { LabSession } from '../session/labSession';
import { SessionTools } from '../session/sessionTools';
import type { InitRequest, ToolRequest, WorkerEvent } from '../protocol/messages';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class WorkerTools {
  private persistence: SessionPersistence | null = null;
  private tools: SessionTools | null = null;
  private session: LabSession | null = null;

  constructor(private readonly post: (event: WorkerEvent) => void) {}

  /** The emitter to create sessions with: storage watches the events on their way out. */
  readonly emit = (event: LabEvent): void => {
    this.persistence?.observe(event);
    this.post(event);
  };

  private use(session: LabSession): SessionTools {
    if (this.session !== session || !this.tools) {
      this.tools?.dispose();
      this.session = session;
      this.tools = new SessionTools(session, this.emit);
    }
    return this.tools;
  }

  /**
   * After init: restores this experiment's stored model, if any. Always ends with a
   * 'storage' event, which tells the UI whether autorun should train.
   */
  async attach(session: LabSession, init: InitRequest): Promise<void> {
    this.use(session);
    const restore = init.restore;
    if (!restore) {
      this.persistence = null;
      this.post({ type: 'storage', status: 'none', savedAt: null, checkpoints: 0, message: 'Browser storage is not used for this page.' });
      return;
    }
    const key = experimentKey({ model: init.model, train: init.train, test: init.test, ...restore, dataVersion: MANIFEST_VERSION });
    this.persistence = new SessionPersistence(new ExperimentStorage(new IndexedDbArtifactStore(), key), this.emit, () => this.session);
    try {
      await this.persistence.restore(session);
    } catch (e) {
      this.post({ type: 'storage', status: 'unavailable', savedAt: null, checkpoints: 0, message: `The stored model could not be restored (${errorText(e)}).` });
    }
  }

  /** Runs a tool request; failures become an 'io' error that leaves the lab as it was. */
  async handle(req: ToolRequest, session: LabSession | null): Promise<void> {
    try {
      if (req.type === 'resetStorage') {
        if (!this.persistence) throw new Error('Browser storage is not in use.');
        await this.persistence.reset();
        return;
      }
      if (!session) throw new Error('The lab is not ready yet.');
      const tools = this.use(session);
      if (req.type === 'draw') tools.predictDigit(req.id, req.pixels);
      else if (req.type === 'export') await tools.exportModel();
      else await tools.importModel(req.files);
    } catch (e) {
      const what = req.type === 'import' ? 'Import failed: ' : req.type === 'export' ? 'Export failed: ' : '';
      this.post({ type: 'error', stage: 'io', message: what + errorText(e) });
    }
  }
}
