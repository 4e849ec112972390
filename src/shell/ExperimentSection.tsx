// The experiment form (backend, data sizes, epochs, seed) wired to the URL schema: values
// are checked by the URL parser itself and, when they are valid, the new link is opened
// with the pruning settings on screen kept.

import { ExperimentSettings, type ExperimentValues } from '../features/teaching/ExperimentSettings';
import { parseUrlState, toSearch, type UrlState } from './urlState';

interface Props {
  readonly url: UrlState;
  readonly backends: readonly string[];
  readonly itemLabel: string;
}

/** The link for `values` on top of `url`, or the problems the URL parser found in them. */
export function experimentLink(url: UrlState, values: ExperimentValues): { readonly search: string } | { readonly problems: readonly string[] } {
  const params = new URLSearchParams(toSearch(url));
  if (values.backend) params.set('backend', values.backend);
  else params.delete('backend');
  for (const key of ['train', 'test', 'epochs', 'seed'] as const) params.set(key, values[key].trim());
  const { state, warnings } = parseUrlState(`?${params.toString()}`);
  return warnings.length > 0 ? { problems: warnings } : { search: toSearch(state) || '?' };
}

export function ExperimentSection({ url, backends, itemLabel }: Props) {
  return (
    <ExperimentSettings
      loaded={url}
      backends={backends}
      itemLabel={itemLabel}
      onApply={(values) => {
        const result = experimentLink(url, values);
        if ('problems' in result) return result.problems;
        window.location.search = result.search;
        return [];
      }}
    />
  );
}
