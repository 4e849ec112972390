// Composition only: reads the URL once, wires the lab hook to the panels.

import { useMemo } from 'react';
import { parseUrlState } from '../state/urlState';
import { BackendBadge } from '../ui/components/BackendBadge';
import { DatasetStatus } from '../ui/components/DatasetStatus';
import { Notices } from '../ui/components/Notices';
import { ResultCard } from '../ui/components/ResultCard';
import { TrainPanel } from '../ui/components/TrainPanel';
import { ModelCard } from '../ui/components/ModelCard';
import { TrainingCharts } from '../ui/charts/TrainingCharts';
import { useLab } from './useLab';

export function App() {
  const { state: settings, warnings } = useMemo(() => parseUrlState(window.location.search), []);
  const lab = useLab(settings);
  const { state } = lab;
  const backend = state.backend;
  const notices =
    backend?.requested && backend.name !== backend.requested
      ? [...warnings, `Backend ${backend.requested} could not be used, running on ${backend.name}: ${backend.reasons.join('; ')}`]
      : warnings;
  return (
    <div className="app" data-testid="app" data-state={state.phase}>
      <header className="app-header">
        <div className="brand">
          <h1>PruneLab</h1>
          <p className="tagline">Train a real network in your browser, then see what pruning really buys.</p>
        </div>
        <BackendBadge choice={state.backend} />
      </header>
      <Notices
        warnings={notices}
        error={state.error}
        onDismiss={lab.dismissError}
        onRetry={state.phase === 'error' ? () => window.location.reload() : null}
      />
      <main className="panels">
        <section className="panel" aria-labelledby="train-title">
          <h2 id="train-title">1 · Train LeNet-5 on MNIST</h2>
          <DatasetStatus state={state} />
          <ModelCard params={state.params} />
          <TrainPanel state={state} epochs={settings.epochs} onTrain={lab.train} onStop={lab.stop} />
          <TrainingCharts curve={state.curve} epochs={state.epochs} totalEpochs={settings.epochs} />
        </section>
        <section className="panel" aria-labelledby="result-title">
          <h2 id="result-title">Result</h2>
          <ResultCard state={state} />
        </section>
      </main>
      <footer className="app-footer">
        Everything runs in this page: real MNIST, real TensorFlow.js training in a Web Worker, seed {settings.seed}.
      </footer>
    </div>
  );
}
