// The experiment's own settings (backend, data sizes, epochs, seed) as a small form, so a
// teacher never edits the address by hand. They decide what is loaded and trained, so
// applying them opens the new link (a reload); the pruning settings on screen are kept.
// Values are checked with the URL parser itself, and problems are listed in the form.

import { useState, type FormEvent } from 'react';
import { BACKENDS, parseUrlState, toSearch, type UrlState } from '../../shell/urlState';

type Field = 'train' | 'test' | 'epochs' | 'seed';
const FIELDS: readonly { readonly key: Field; readonly label: string }[] = [
  { key: 'train', label: 'training examples' },
  { key: 'test', label: 'test examples' },
  { key: 'epochs', label: 'epochs' },
  { key: 'seed', label: 'seed' },
];

interface Props {
  /** What is on screen now (pruning controls included): the base of the new link. */
  readonly current: UrlState;
  /** What was loaded: the form starts from it. */
  readonly loaded: UrlState;
  readonly itemLabel: string;
}

export function ExperimentSettings({ current, loaded, itemLabel }: Props) {
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
    const params = new URLSearchParams(toSearch(current));
    if (backend) params.set('backend', backend);
    else params.delete('backend');
    for (const { key } of FIELDS) params.set(key, values[key].trim());
    const { state, warnings } = parseUrlState(`?${params.toString()}`);
    if (warnings.length > 0) {
      setProblems(warnings);
      return;
    }
    window.location.search = toSearch(state) || '?';
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
            {BACKENDS.map((b) => (
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
