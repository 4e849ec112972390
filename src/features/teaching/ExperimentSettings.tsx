// The experiment's own settings (backend, data sizes, epochs, seed) as a small form, so a
// teacher never edits the address by hand. They decide what is loaded and trained, so
// applying them opens the new link (a reload); the pruning settings on screen are kept.
// Values are checked with the URL parser itself (by the shell), and problems are listed in the form.

import { useState, type FormEvent } from 'react';

export type Field = 'train' | 'test' | 'epochs' | 'seed';

export interface ExperimentValues extends Readonly<Record<Field, string>> {
  /** '' for the automatic choice. */
  readonly backend: string;
}

export interface LoadedExperiment {
  readonly backend: string | null;
  readonly train: number;
  readonly test: number;
  readonly epochs: number;
  readonly seed: number;
}
const FIELDS: readonly { readonly key: Field; readonly label: string }[] = [
  { key: 'train', label: 'training examples' },
  { key: 'test', label: 'test examples' },
  { key: 'epochs', label: 'epochs' },
  { key: 'seed', label: 'seed' },
];

interface Props {
  /** What was loaded: the form starts from it. */
  readonly loaded: LoadedExperiment;
  readonly backends: readonly string[];
  readonly itemLabel: string;
  /** Opens the new link, or returns what is wrong with the values. */
  readonly onApply: (values: ExperimentValues) => readonly string[];
}

export function ExperimentSettings({ loaded, backends, itemLabel, onApply }: Props) {
  const [backend, setBackend] = useState(loaded.backend ?? '');
  const [values, setValues] = useState<Record<Field, string>>({
    train: String(loaded.train),
    test: String(loaded.test),
    epochs: String(loaded.epochs),
    seed: String(loaded.seed),
  });
  const [problems, setProblems] = useState<readonly string[]>([]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setProblems(onApply({ ...values, backend }));
  };

  const auto = loaded.backend === null ? 'automatic' : loaded.backend;
  return (
    <details className="experiment" data-testid="experiment-settings">
      <summary>
        Experiment: {loaded.train.toLocaleString('en-US')} training / {loaded.test.toLocaleString('en-US')} test{' '}
        {itemLabel}, {loaded.epochs} epoch{loaded.epochs === 1 ? '' : 's'}, seed {loaded.seed}, backend {auto}
      </summary>
      <form className="experiment-form" onSubmit={apply} noValidate>
        <label>
          backend{' '}
          <select data-testid="experiment-backend" value={backend} onChange={(e) => setBackend(e.currentTarget.value)}>
            <option value="">automatic</option>
            {backends.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </label>
        {FIELDS.map(({ key, label }) => (
          <label key={key}>
            {label}{' '}
            <input
              type="number"
              inputMode="numeric"
              data-testid={`experiment-${key}`}
              value={values[key]}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setValues((v) => ({ ...v, [key]: value }));
              }}
            />
          </label>
        ))}
        <button type="submit" data-testid="experiment-apply">
          Apply (reloads)
        </button>
        {problems.length > 0 && (
          <ul className="experiment-problems" role="alert" data-testid="experiment-problems">
            {problems.map((p) => (
              <li key={p}>{p.replace(/: using .*$/, '.')}</li>
            ))}
          </ul>
        )}
      </form>
    </details>
  );
}
