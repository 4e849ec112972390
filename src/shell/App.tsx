// Composition only: reads the URL once, wires the lab hooks to the panels.

import { useCallback, useMemo } from 'react';
import { MODEL_INFO } from '../core/models/catalog';
import { isHidden, parseUrlState } from './urlState';
import { AccuracyCurve } from '../features/prune/AccuracyCurve';
import { LayerSparsityChart } from '../features/prune/LayerSparsityChart';
import { TrainingCharts } from '../kit/charts/TrainingCharts';
import { WeightHistograms } from '../features/prune/WeightHistograms';
import { BackendBadge } from '../features/train/BackendBadge';
import { ComparePanel } from '../features/prune/ComparePanel';
import { DatasetStatus } from '../features/train/DatasetStatus';
import { FinetuneStatus } from '../features/prune/FinetuneStatus';
import { ModelCard } from '../features/train/ModelCard';
import { ModelPicker } from '../features/train/ModelPicker';
import { Notices } from './Notices';
import { PrunePanel } from '../features/prune/PrunePanel';
import { ResultCard } from '../features/train/ResultCard';
import { ReviewBox } from '../features/inspect/ReviewBox';
import { TrainPanel } from '../features/train/TrainPanel';
import { ExperimentSettings } from '../features/teaching/ExperimentSettings';
import { PresetPicker } from '../features/teaching/PresetPicker';
import { TeachingBar } from '../features/teaching/TeachingBar';
import { markChartsRendered } from './perfMarks';
import { useLab } from './useLab';
import { useTools } from '../features/share/useTools';
import { InspectPanel } from '../features/inspect/InspectPanel';
import { RestoredNote } from '../features/share/RestoredNote';
import { SaveSharePanel } from '../features/share/SaveSharePanel';
import { usePruneControls } from '../features/prune/usePruneControls';
import { useTeaching } from '../features/teaching/useTeaching';
import { useScience } from '../features/science/useScience';
import { MethodControls } from '../features/science/MethodControls';
import { SciencePanel } from '../features/science/SciencePanel';

export function App() {
  const { state: settings, warnings } = useMemo(() => parseUrlState(window.location.search), []);
  const info = MODEL_INFO[settings.model];
  const lab = useLab(settings);
  const controls = usePruneControls(lab, info.prunableLayers, {
    rate: settings.rate,
    scope: settings.scope,
    include: info.defaultInclude,
  });
  const teaching = useTeaching(settings, lab, controls);
  const tools = useTools(lab, controls);
  const science = useScience(lab, teaching.method, teaching.setMethod, controls);
  const { state } = lab;
  const backend = state.backend;
  const notices =
    backend?.requested && backend.name !== backend.requested
      ? [...warnings, `Backend ${backend.requested} could not be used, running on ${backend.name}: ${backend.reasons.join('; ')}`]
      : warnings;
  const statsId = state.prune.statsId;
  const onChartsRendered = useCallback(() => markChartsRendered(statsId), [statsId]);
  return (
    <div className="app" data-testid="app" data-state={state.phase}>
      <header className="app-header">
        <div className="brand">
          <h1>PruneLab</h1>
          <p className="tagline">Train a real network in your browser, then see what pruning really buys.</p>
        </div>
        {!isHidden(settings, 'model') && <ModelPicker settings={settings} />}
        <BackendBadge choice={state.backend} />
        <TeachingBar
          tour={teaching.tour}
          link={teaching.link}
          theme={teaching.theme.theme}
          onToggleTheme={teaching.theme.toggle}
          hidden={settings.hide}
        />
      </header>
      <Notices
        warnings={notices}
        error={state.error}
        onDismiss={lab.dismissError}
        onRetry={state.phase === 'error' ? () => window.location.reload() : null}
      />
      <main className="panels">
        <section className="panel" aria-labelledby="train-title">
          <h2 id="train-title">1 · Train {info.label}</h2>
          <DatasetStatus state={state} info={info} />
          <ModelCard info={info} params={state.params} />
          {!isHidden(settings, 'experiment') && (
            <ExperimentSettings current={teaching.urlState} loaded={settings} itemLabel={info.itemLabel} />
          )}
          <TrainPanel state={state} info={info} epochs={settings.epochs} onTrain={lab.train} onStop={lab.stop} />
          <RestoredNote state={state} />
          <TrainingCharts run={state.runs.train} testid="training-curves" />
        </section>
        <section className="panel" aria-labelledby="result-title">
          <h2 id="result-title">Result</h2>
          <ResultCard state={state} info={info} />
        </section>
        <section className="panel wide" aria-labelledby="prune-title">
          <h2 id="prune-title">2 · Prune, fine-tune, re-test</h2>
          <PresetPicker current={teaching.current} hidden={settings.hide} onApply={teaching.applyPreset} />
          <div className="prune-grid">
            <div>
              <PrunePanel state={state} controls={controls} info={info} onFinetune={lab.finetune} hidden={settings.hide} />
            </div>
            <div>
              <LayerSparsityChart stats={state.prune.stats} onRendered={onChartsRendered} />
              <AccuracyCurve previews={state.prune.previews} checkpoints={state.prune.checkpoints} />
            </div>
          </div>
          <MethodControls science={science} state={state.science} rate={controls.request.rate} hidden={settings.hide} />
          <FinetuneStatus run={state.runs.finetune} active={state.activeRun === 'finetune'} onStop={lab.stop} />
          <WeightHistograms stats={state.prune.stats} />
        </section>
        {info.id === 'imdb' && (
          <section className="panel wide" aria-labelledby="review-title">
            <h2 id="review-title">Try it: dense vs pruned on your own review</h2>
            <ReviewBox state={state} onScore={lab.scoreReview} />
          </section>
        )}
        <section className="panel wide" aria-labelledby="compare-title">
          <h2 id="compare-title">3 · What did pruning buy?</h2>
          <ComparePanel state={state} />
        </section>
        <section className="panel wide" aria-labelledby="inspect-title">
          <h2 id="inspect-title">4 · Inspect</h2>
          <InspectPanel state={state} info={info} onDraw={tools.draw} />
        </section>
        <section className="panel wide" aria-labelledby="science-title">
          <h2 id="science-title">5 · Science: criteria, fragile layers, compaction</h2>
          <SciencePanel
            science={science}
            state={state.science}
            lenet={info.id === 'lenet5'}
            testExamples={state.dataset?.test ?? null}
            itemLabel={info.itemLabel}
          />
        </section>
        <section className="panel wide" aria-labelledby="io-title">
          <h2 id="io-title">Save / share</h2>
          <SaveSharePanel state={state} onExport={tools.exportModel} onImport={tools.importFiles} onReset={tools.resetStorage} />
        </section>
      </main>
      <footer className="app-footer">
        Everything runs in this page: real {info.dataset === 'mnist' ? 'MNIST' : 'IMDB reviews'}, real TensorFlow.js
        training in a Web Worker, seed {settings.seed}.
      </footer>
    </div>
  );
}
