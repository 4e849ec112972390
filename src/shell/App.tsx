// Composition: the URL state (the experiment and the method on screen, kept in the address
// bar), the lab handle (state + tracked calls), and the panels, each given the values it
// shows and the callbacks it needs. The phase (data-state) is derived here, in one place.

import { useCallback, useMemo, useState } from 'react';
import { BACKEND_ORDER } from '../core/backend/chooseBackend';
import { maskKey, methodFor, type PruneMethod } from '../core/method';
import { MODEL_INFO, type ModelId } from '../core/models/catalog';
import { DATASET_TEXT } from '../core/models/description';
import { shownFn } from '../kit/controls';
import { InspectPanel } from '../features/inspect/InspectPanel';
import { ReviewBox } from '../features/inspect/ReviewBox';
import { AccuracyCurve } from '../features/prune/AccuracyCurve';
import { ComparePanel } from '../features/prune/ComparePanel';
import { FinetuneStatus } from '../features/prune/FinetuneStatus';
import { LayerSparsityChart } from '../features/prune/LayerSparsityChart';
import { PrunePanel } from '../features/prune/PrunePanel';
import { SpeedReadout } from '../features/prune/SpeedReadout';
import { referenceCheckpoint, shownAccuracy } from '../features/prune/pruneSlice';
import { usePruneControls } from '../features/prune/usePruneControls';
import { WeightHistograms } from '../features/prune/WeightHistograms';
import { MethodControls } from '../features/science/MethodControls';
import { canCompact, scienceActions } from '../features/science/scienceActions';
import { SciencePanel } from '../features/science/SciencePanel';
import { CompressPanel } from '../features/compress/CompressPanel';
import { PAPER_RECIPES } from '../core/compress/recipe';
import { SaveSharePanel } from '../features/share/SaveSharePanel';
import { shareActions } from '../features/share/shareActions';
import { useKeptImport } from '../features/share/useKeptImport';
import { OfflinePanel } from '../features/offline/OfflinePanel';
import { useOffline } from '../features/offline/useOffline';
import { TeachingBar } from '../features/teaching/TeachingBar';
import { PresetPicker } from '../features/teaching/PresetPicker';
import { TrainingCharts } from '../kit/charts/TrainingCharts';
import { BackendBadge } from '../features/train/BackendBadge';
import { DatasetStatus } from '../features/train/DatasetStatus';
import { ModelCard } from '../features/train/ModelCard';
import { ModelPicker } from '../features/train/ModelPicker';
import { RestoredNote } from '../features/train/RestoredNote';
import { ShippedNote } from '../features/train/ShippedNote';
import { ShippedStory, ShippedSummary } from '../features/train/ShippedStory';
import { TrainAdvice } from '../features/train/TrainAdvice';
import { ResultCard } from '../features/train/ResultCard';
import { TrainPanel } from '../features/train/TrainPanel';
import { restoredRun } from '../features/train/trainSlice';
import { ExperimentSection } from './ExperimentSection';
import { linkSource } from './linkOrigin';
import { LinkOriginNote } from './LinkOriginNote';
import { Notices } from './Notices';
import { markChartsRendered, markSliderInput, recordSpeedReport } from './perfMarks';
import { appPhase, isBusy } from './phase';
import { useLab } from './useLab';
import { dataUrl, useStartup } from './useStartup';
import { useTheme } from './useTheme';
import { useUrlSync, linkFor } from './useUrlSync';
import { defaultsFor, methodOf, parseUrlState, withMethod, type UrlState } from './urlState';

export function App() {
  const parsed = useMemo(() => parseUrlState(window.location.search), []);
  // from= describes the link that opened the page, not the page: it is said once, not kept (preload= is done once too).
  const [url, setUrl] = useState<UrlState>({ ...parsed.state, from: null, preload: null });
  const method = methodOf(url);
  const setMethod = useCallback((m: PruneMethod) => setUrl((u) => withMethod(u, m)), []);
  const { state, dispatch, port, restarts, workerNotice } = useLab(url.watchdog);
  // An ONNX import replaces the link's model; its method starts from the import's defaults.
  const imported = state.train.imported;
  const info = imported ?? MODEL_INFO[url.model];
  const [methodSetFor, setMethodSetFor] = useState(imported);
  if (imported !== methodSetFor) {
    setMethodSetFor(imported);
    if (imported) setUrl((u) => withMethod(u, methodFor(imported.defaultInclude)));
  }
  const shown = shownFn(url.hide);
  const theme = useTheme(url.theme);
  useUrlSync({ ...url, theme: theme.chosen });
  // A copied link also says what the model on screen was made from.
  const source = linkSource(state.prune.checkpoints, state.prune.anchorId);
  const link = linkFor({ ...url, theme: theme.chosen, from: source?.from ?? null }, window.location);
  const intents = useStartup(port, url, method, restarts);
  const phase = appPhase(state, intents);
  const offline = useOffline(phase === 'ready', dataUrl(), parsed.state.preload === 'all');
  const busy = isBusy(state) || intents > 0;
  const { view, checkpoints, anchorId } = state.prune;
  const trained = view !== null;
  const accuracy = shownAccuracy(state.prune);
  const fullMeasured = state.prune.full !== null && state.prune.full.viewSeq === view?.seq;
  const controls = usePruneControls({ port, method, setMethod, live: trained && !busy, settledKey: fullMeasured && view ? maskKey(view.method) : null, onInput: markSliderInput });
  const science = scienceActions(port, method);
  const share = useMemo(() => shareActions(port), [port]);
  useKeptImport(share, phase === 'ready' && state.train.dataset !== null, !url.autorun && MODEL_INFO[url.model].dataset === 'mnist');
  const train = useCallback(() => void port.call('train', { epochs: url.epochs, seed: url.seed, method }).catch(() => undefined), [port, url.epochs, url.seed, method]);
  const finetune = useCallback((epochs: number) => void port.call('finetune', { epochs, seed: url.seed + 1, method }).catch(() => undefined), [port, url.seed, method]);
  const onDraw = useCallback((pixels: Float32Array) => void port.call('draw', { pixels }, { transfer: [pixels.buffer as ArrayBuffer] }).catch(() => undefined), [port]);
  const onScore = useCallback((text: string) => void port.call('review', { text }).catch(() => undefined), [port]);
  const hrefFor = useCallback((model: ModelId) => linkFor({ ...defaultsFor(model), backend: url.backend, seed: url.seed }, window.location), [url.backend, url.seed]);
  const onChartsRendered = useCallback(() => markChartsRendered(), []);
  const dense = referenceCheckpoint(state.prune);
  // The schedule estimate's speeds: measured by the probe, else by the training run on this page.
  const { speed, dataset, runs } = state.train;
  const trainDownload = dataset?.trainPending?.bytes ?? null;
  const ran = runs.train.summary;
  const measured = speed ?? (ran && !ran.stopped && ran.evalSeconds > 0 && dataset ? { itemsPerSec: ran.itemsPerSec, inferPerSec: dataset.test / ran.evalSeconds } : null);
  const scheduleWorkload = measured && dataset ? { itemsPerSec: measured.itemsPerSec, inferPerSec: measured.inferPerSec, train: dataset.train, test: dataset.test } : null;
  const measureSpeed = useCallback(() => void port.call('probe', {}).catch(() => undefined), [port]);
  const measureSparse = useCallback(
    (curve: boolean) =>
      port.call('speed', { curve }).then((r) => {
        recordSpeedReport(r);
        return r;
      }),
    [port],
  );
  const trainRun = state.train.restored ? restoredRun(state.train.restored) : state.train.runs.train;
  const training = state.pending.some((p) => p.name === 'train');
  const finetuning = state.pending.some((p) => p.name === 'finetune');
  const backend = state.train.backend;
  const warnings = backend?.requested && backend.name !== backend.requested ? [...parsed.warnings, `Backend ${backend.requested} could not be used, running on ${backend.name}: ${backend.reasons.join('; ')}`] : parsed.warnings;
  const compact = state.science.compact && state.science.compact.viewSeq === view?.seq ? state.science.compact.result : null;
  return (
    <div className="app" data-testid="app" data-state={phase}>
      <header className="app-header">
        <div className="brand">
          <h1>PruneLab</h1>
          <p className="tagline">Train a real network in your browser, then see what pruning really buys.</p>
        </div>
        {shown('model') && <ModelPicker model={url.model} hrefFor={hrefFor} />}
        <BackendBadge choice={backend} />
        <TeachingBar
          tour={{ trained, shipped: state.train.shipped !== null, canTrain: phase === 'ready' && state.train.dataset !== null, busy, onTrain: train, onSetMethod: (patch) => controls.change({ ...method, ...patch }), onFinetune: () => finetune(1) }}
          link={link}
          linkNote={source?.note ?? null}
          theme={theme.theme}
          onToggleTheme={theme.toggle}
          shown={shown}
        />
      </header>
      <Notices
        warnings={warnings}
        errors={state.errors}
        notices={state.notices}
        workerNotice={workerNotice}
        fatal={state.fatal?.message ?? null}
        onDismiss={(id) => dispatch({ type: 'dismissError', id })}
        onRetry={state.fatal ? () => window.location.reload() : null}
      />
      <LinkOriginNote from={parsed.state.from} restored={state.train.restored !== null} />
      <main className="panels">
        <section className="panel" aria-labelledby="train-title">
          <h2 id="train-title">1 · Train {info.label}</h2>
          <DatasetStatus info={info} dataset={state.train.dataset} download={state.train.download} failed={state.fatal !== null} />
          <ModelCard info={info} params={state.train.params} />
          {shown('experiment') && <ExperimentSection url={url} backends={BACKEND_ORDER} itemLabel={info.itemLabel} />}
          <TrainPanel
            info={info}
            run={state.train.runs.train}
            epochs={url.epochs}
            canTrain={phase === 'ready' && state.train.dataset !== null}
            training={training}
            evaluating={training && state.stage === 'evaluating'}
            trained={dense !== null}
            restored={state.train.restored !== null}
            estimate={
              <TrainAdvice
                info={info}
                train={state.train.dataset?.train ?? url.train}
                test={state.train.dataset?.test ?? url.test}
                epochs={url.epochs}
                speed={state.train.speed}
                measuring={state.pending.some((p) => p.name === 'probe')}
                running={training ? { kind: 'training', progress: state.train.runs.train.progress, batchSize: info.defaults.batchSize } : finetuning ? { kind: 'fine-tuning', progress: state.train.runs.finetune.progress, batchSize: info.defaults.batchSize } : null}
                trained={trained}
                trainedHref={url.start === 'trained' ? null : linkFor({ ...url, start: 'trained', autorun: false }, window.location)}
                quickHref={linkFor({ ...url, train: Math.min(10_000, info.maxTrain), epochs: 1, start: 'scratch' }, window.location)}
              />
            }
            downloadFirst={trainDownload}
            onTrain={train}
            onStop={port.stop}
          />
          <RestoredNote restored={state.train.restored} />
          <ShippedNote shipped={state.train.shipped} info={info} />
          {state.train.shipped && trainRun.curve.length === 0 ? <ShippedStory shipped={state.train.shipped} info={info} /> : <TrainingCharts run={trainRun} testid="training-curves" />}
        </section>
        <section className="panel" aria-labelledby="result-title">
          <h2 id="result-title">Result</h2>
          <ResultCard info={info} reference={dense} testExamples={state.train.dataset?.test ?? null} run={trainRun.summary} />
        </section>
        {/* On the trained start the model is ready to prune: its panel leads (the shipped model's story follows). */}
        <section className={`panel wide${url.start === 'trained' ? ' lead' : ''}`} aria-labelledby="prune-title">
          <h2 id="prune-title">2 · Prune, fine-tune, re-test</h2>
          {url.start === 'trained' && <ShippedSummary shipped={state.train.shipped} info={info} />}
          <PresetPicker current={method} shown={shown} onApply={(p) => controls.change({ ...method, ...p.settings })} />
          <div className="prune-grid">
            <div>
              <PrunePanel
                info={info}
                method={method}
                view={view}
                accuracy={accuracy}
                checkpoints={checkpoints}
                anchorId={anchorId}
                enabled={trained && !busy}
                editable={!busy}
                shown={shown}
                onChange={controls.change}
                onRelease={controls.release}
                onPruneFrom={controls.pruneFrom}
                onFinetune={finetune}
                downloadFirst={trainDownload}
              />
            </div>
            <div>
              <LayerSparsityChart view={view} onRendered={onChartsRendered} />
              <AccuracyCurve points={state.prune.points} checkpoints={checkpoints} />
              <SpeedReadout viewSeq={view?.seq ?? null} enabled={trained && !busy} onMeasure={measureSparse} />
            </div>
          </div>
          <MethodControls method={method} onChange={controls.change} science={state.science} editable={!busy} canRun={trained && !busy} onRunSchedule={science.runSchedule} onStop={science.stop} shown={shown} workload={scheduleWorkload} onMeasure={measureSpeed} itemLabel={info.itemLabel} downloadFirst={trainDownload} />
          <FinetuneStatus run={state.train.runs.finetune} active={finetuning} anchorId={anchorId} itemLabel={info.itemLabel} onStop={port.stop} />
          <WeightHistograms view={view} />
        </section>
        {info.input.kind === 'tokens' && (
          <section className="panel wide" aria-labelledby="review-title">
            <h2 id="review-title">Try it: dense vs pruned on your own review</h2>
            <ReviewBox trained={trained} scores={state.inspect.review?.scores ?? null} modelVersion={view?.seq ?? null} sparsity={view?.selected.sparsity ?? null} onScore={onScore} />
          </section>
        )}
        <section className="panel wide" aria-labelledby="compare-title">
          <h2 id="compare-title">3 · What did pruning buy?</h2>
          <ComparePanel
            dense={dense}
            view={view}
            sizes={state.prune.sizes && state.prune.sizes.viewSeq === view?.seq ? state.prune.sizes.sizes : null}
            accuracy={accuracy && !accuracy.estimate && !accuracy.stale ? accuracy.value : null}
            compact={compact}
            itemLabel={info.itemLabel}
          />
        </section>
        <section className="panel wide" aria-labelledby="inspect-title">
          <h2 id="inspect-title">4 · Inspect</h2>
          <InspectPanel info={info} view={view} confusion={state.inspect.confusion} digit={state.inspect.digit?.prediction ?? null} onDraw={onDraw} />
        </section>
        <section className="panel wide" aria-labelledby="science-title">
          <h2 id="science-title">5 · Science: criteria, fragile layers, compaction</h2>
          <SciencePanel
            actions={science}
            state={state.science}
            enabled={trained && !busy}
            canCompact={canCompact(view)}
            criterion={method.criterion}
            reference={info.published ?? null}
            testExamples={state.train.dataset?.test ?? null}
            itemLabel={info.itemLabel}
          />
        </section>
        <section className="panel wide" aria-labelledby="compress-title">
          <h2 id="compress-title">6 · Deep Compression: prune, quantize, Huffman-code</h2>
          <CompressPanel port={port} enabled={trained && !busy} hasRecipe={info.id in PAPER_RECIPES} modelId={info.id} />
        </section>
        <section className="panel wide" aria-labelledby="io-title">
          <h2 id="io-title">Save / share</h2>
          <SaveSharePanel share={state.share} actions={share} canExport={trained && !busy} canImport={state.train.dataset !== null && !busy && state.fatal === null} canReset={!busy} norm={url.norm} onNorm={(norm) => setUrl((u) => ({ ...u, norm }))} />
        </section>
        <section className="panel wide" aria-labelledby="offline-title">
          <h2 id="offline-title">Offline use</h2>
          <OfflinePanel state={offline.state} onPreload={() => void offline.preload()} onClear={() => void offline.clear()} />
        </section>
      </main>
      <footer className="app-footer">
        Everything runs in this page: real {DATASET_TEXT[info.dataset].prose}, real TensorFlow.js training in a Web Worker, seed {url.seed}.
      </footer>
    </div>
  );
}
