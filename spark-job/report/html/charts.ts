// The report's charts as Vega-Lite specs, rendered to SVG strings in Node (no canvas, no browser): Vega
// draws axes, titles and legends, and gives every bar role="graphics-symbol" and the aria-label set by the
// `description` channel, which is how people with screen readers and the browser test find each bar.
import * as vega from 'vega';
import { type TopLevelSpec, compile } from 'vega-lite';
import type { RangeResults } from './range-results.ts';

const ALL = 'All approaches';
const COLORS = ['#9ecae9', '#d62728'];
const WIDTH = 880;
/** Year axis labels: the first step from this list that keeps the labels at most MAX_LABELS. */
const YEAR_STEPS = [1, 2, 5, 10, 20, 25, 50, 100];
const MAX_LABELS = 24;

const underLabel = (results: RangeResults) => `Under ${results.threshold} AU`;

const CONFIG = {
  font: 'system-ui, sans-serif',
  axis: { labelFontSize: 12, titleFontSize: 13, titleFontWeight: 600, gridColor: '#e6e6e6' },
  legend: { labelFontSize: 13, titleFontSize: 13, orient: 'top', direction: 'horizontal' },
  view: { stroke: null },
} as const;

/** Year labels every 1, 2, 5, 10 ... years, whichever first keeps them readable. */
export function yearTicks(years: readonly number[]): number[] {
  const step = YEAR_STEPS.find((candidate) => years.filter((y) => y % candidate === 0).length <= MAX_LABELS) ?? 100;
  return years.filter((year) => year % step === 0);
}

function seriesColor(results: RangeResults) {
  return { scale: { domain: [ALL, underLabel(results)], range: COLORS }, legend: { title: null } };
}

/** Approaches per year: every approach, and in front of it those under the threshold. */
export function approachesPerYearSpec(results: RangeResults): TopLevelSpec {
  const under = underLabel(results);
  const bar = (field: string, series: string, what: string) => ({
    mark: { type: 'bar' as const },
    transform: [{ calculate: `'Year ' + datum.year + ': ' + datum.${field} + ' ${what}'`, as: 'description' }],
    encoding: {
      y: { field, type: 'quantitative' as const, title: 'Close approaches' },
      color: { datum: series, ...seriesColor(results) },
      description: { field: 'description', type: 'nominal' as const },
    },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: WIDTH,
    height: 280,
    data: { values: results.years.map((row) => ({ ...row })) },
    encoding: {
      x: {
        field: 'year',
        type: 'ordinal',
        title: 'Year of approach',
        axis: { values: yearTicks(results.years.map((row) => row.year)), labelAngle: 0 },
      },
    },
    layer: [
      bar('approaches', ALL, 'approaches'),
      bar('underThreshold', under, `approaches under ${results.threshold} AU`),
    ],
    config: CONFIG,
  };
}

/** Approaches per orbiting body over all years, most first. */
export function approachesByBodySpec(results: RangeResults): TopLevelSpec {
  const totals = new Map<string, { approaches: number; underThreshold: number }>();
  for (const row of results.byYearAndBody) {
    const total = totals.get(row.orbitingBody) ?? { approaches: 0, underThreshold: 0 };
    total.approaches += row.approaches;
    total.underThreshold += row.underThreshold;
    totals.set(row.orbitingBody, total);
  }
  const rows = [...totals].map(([body, total]) => ({ body, ...total })).sort((a, b) => b.approaches - a.approaches);
  const under = underLabel(results);
  const bar = (field: string, series: string, what: string) => ({
    mark: { type: 'bar' as const },
    transform: [{ calculate: `datum.body + ': ' + datum.${field} + ' ${what}'`, as: 'description' }],
    encoding: {
      x: { field, type: 'quantitative' as const, title: 'Close approaches, all years' },
      color: { datum: series, ...seriesColor(results) },
      description: { field: 'description', type: 'nominal' as const },
    },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: WIDTH - 120,
    height: { step: 26 },
    data: { values: rows },
    encoding: { y: { field: 'body', type: 'nominal', title: 'Orbiting body', sort: null } },
    layer: [
      bar('approaches', ALL, 'approaches'),
      bar('underThreshold', under, `approaches under ${results.threshold} AU`),
    ],
    config: CONFIG,
  };
}

/** The spec drawn by Vega into a standalone <svg> element. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
