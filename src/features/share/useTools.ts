// The lab's tools for the React tree: draw-a-digit requests, export (downloads the ZIP the
// worker builds), import (files read as ArrayBuffers, sent to the worker to validate),
// Reset of browser storage (then a reload), and the follow-ups that keep the pruning
// controls consistent: prune from an imported checkpoint, re-measure after a restore.

import { useCallback, useEffect, useRef } from 'react';
import type { ExportResult, ImportResult } from './toolsState';
import type { PruneControls } from '../prune/usePruneControls';
import type { LabApi } from '../../shell/useLab';

export interface ToolsApi {
  readonly draw: (pixels: Float32Array) => void;
  readonly exportModel: () => void;
  readonly importFiles: (files: readonly File[]) => void;
  readonly resetStorage: () => void;
}

/** Saves `data` as a file through a temporary object URL. */
function download(result: ExportResult): void {
  const url = URL.createObjectURL(new Blob([result.data], { type: 'application/zip' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = result.fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function useTools(lab: LabApi, controls: PruneControls): ToolsApi {
  const { sendTool } = lab;
  const { exported, imported, storage } = lab.state.tools;
  const nextDrawId = useRef(1);
  const downloaded = useRef(0);
  const adopted = useRef<ImportResult | null>(null);
  const remeasured = useRef(false);
  const { pruneFrom } = controls;

  const draw = useCallback((pixels: Float32Array) => sendTool({ type: 'draw', id: nextDrawId.current++, pixels }), [sendTool]);
  const exportModel = useCallback(() => sendTool({ type: 'export' }), [sendTool]);
  const resetStorage = useCallback(() => sendTool({ type: 'resetStorage' }), [sendTool]);
  const importFiles = useCallback(
    (files: readonly File[]) => {
      void Promise.all(files.map(async (f) => ({ name: f.name, data: await f.arrayBuffer() }))).then((read) =>
        sendTool({ type: 'import', files: read }),
      );
    },
    [sendTool],
  );

  useEffect(() => {
    if (exported && exported.seq > downloaded.current) {
      downloaded.current = exported.seq;
      download(exported);
    }
  }, [exported]);

  // An imported model becomes the anchor: measure the current settings from it.
  useEffect(() => {
    if (imported && adopted.current !== imported) {
      adopted.current = imported;
      pruneFrom(imported.checkpointId);
    }
  }, [imported, pruneFrom]);

  // Restored fine-tuned checkpoints arrive after the dense one was measured: measure again from the dense anchor.
  useEffect(() => {
    if (storage.status === 'restored' && storage.checkpoints > 1 && !remeasured.current) {
      remeasured.current = true;
      pruneFrom(0);
    }
  }, [storage, pruneFrom]);

  useEffect(() => {
    if (storage.status === 'cleared') window.location.reload();
  }, [storage]);

  return { draw, exportModel, importFiles, resetStorage };
}
