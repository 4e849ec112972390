// Every chart draws a criterion in the same colour. The sweep chart (our SVG: a tone-N class
// the stylesheet colours) is rendered to markup; the accuracy-against-sparsity chart (Recharts,
// which draws nothing outside a browser) is rendered one level, to the elements it hands
// Recharts, whose `fill` is what gets drawn. Each criterion's fill there must be the colour
// the stylesheet gives its class in the sweep chart, a colour both themes define, and no two
// criteria may share one.
import { Children, createElement, isValidElement, type ReactElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { readFileSync } from 'node:fs';
import { Scatter } from 'recharts';
import { describe, expect, it } from 'vitest';
import { CRITERIA } from '../core/criteria';
import type { SweepResult } from '../protocol/results';
import { AccuracyCurve } from '../features/prune/AccuracyCurve';
import { SweepChart } from '../features/science/SweepChart';

/** Every element in `node`'s tree (components not expanded). */
function elements(node: ReactNode): ReactElement<Record<string, unknown>>[] {
  return Children.toArray(node).flatMap((child) =>
    isValidElement<{ children?: ReactNode }>(child) ? [child as ReactElement<Record<string, unknown>>, ...elements(child.props.children)] : [],
  );
}

const css = readFileSync(new URL('../kit/styles.css', import.meta.url), 'utf8');

/** The colour the stylesheet gives a line-chart series path of class `cls`. */
function strokeOfClass(cls: string): string | null {
  const rule = css.match(new RegExp(`\\.line-svg \\.${cls} path[^{]*\\{\\s*stroke:\\s*([^;}]+)`));
  return rule ? rule[1].trim() : null;
}

/** The value of custom property `name` in each block of the stylesheet that defines it. */
const definitions = (name: string) => [...css.matchAll(new RegExp(`${name}:\\s*(#[0-9a-fA-F]{3,8})`, 'g'))].map((m) => m[1]);

describe('criterion colours', () => {
  it('the accuracy curve and the sweep chart draw each criterion in the same, distinct colour', () => {
    const points = CRITERIA.map((criterion, i) => ({ sparsity: 0.5 + i * 0.05, accuracy: 0.9, scope: 'layer' as const, criterion, structure: 'weights' as const, label: criterion }));
    const curve = elements(AccuracyCurve.type({ points, checkpoints: [] })).filter((e) => e.type === Scatter);
    const sweep: SweepResult = {
      points: CRITERIA.flatMap((criterion) => [0.5, 0.9].map((rate) => ({ criterion, rate, sparsity: rate, sparsityAll: rate, accuracy: 0.9 }))),
      anchorAccuracy: 0.99,
      anchorSparsity: 0,
      examples: 100,
      scope: 'layer',
      structure: 'weights',
      reference: { sparsity: 0.92, accuracy: 0.99, label: 'ref' },
      scoreSeconds: {},
      seconds: 1,
      stopped: false,
    };
    const lines = renderToStaticMarkup(createElement(SweepChart, { sweep, reference: null }));
    const seen = new Set<string>();
    for (const criterion of CRITERIA) {
      // the sweep chart: the class on the criterion's legend entry and the stylesheet's colour for it
      const legend = lines.match(new RegExp(`<li data-series="${criterion}" class="(tone-\\d+)"`));
      expect(legend, `${criterion} in the sweep chart's legend`).not.toBeNull();
      const lineColour = strokeOfClass(legend?.[1] ?? '');
      expect(lineColour, `${criterion}: the stylesheet colours ${legend?.[1]}`).toMatch(/^var\(--tone-\d+\)$/);
      expect(lines).toContain(`class="series ${legend?.[1]}"`);
      // the accuracy curve: the fill of the criterion's markers
      const scatter = curve.find((e) => e.props.name === `${criterion} · per layer`);
      expect(scatter, `${criterion} in the accuracy curve`).toBeDefined();
      expect(scatter?.props.fill).toBe(lineColour);
      seen.add(lineColour ?? '');
      // both themes define the colour
      const property = (lineColour ?? '').slice(4, -1);
      expect(definitions(property)).toHaveLength(2);
    }
    expect(seen.size).toBe(CRITERIA.length);
  });
});
