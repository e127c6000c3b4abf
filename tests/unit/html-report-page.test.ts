// The report's Vega-Lite specs, their SVG, and the page around them: every bar labelled with its datum,
// every text value escaped, and warnings from what the manifest and metrics say.
import { describe, expect, it } from 'vitest';
import {
  approachesByBodySpec,
  approachesPerYearSpec,
  renderSvg,
  yearTicks,
} from '../../spark-job/report/html/charts.ts';
import { escapeHtml, reportHtml } from '../../spark-job/report/html/html-page.ts';
import type { ManifestCoverage } from '../../spark-job/report/html/manifest-coverage.ts';
import type { ClosestApproach, RangeResults } from '../../spark-job/report/html/range-results.ts';

const HOSTILE = `<script>alert("x")</script> & 'quoted'`;

const approach: ClosestApproach = {
  rank: 1,
  neoId: '3542519',
  name: HOSTILE,
  approachDate: '2029-04-13',
  missDistanceAu: 0.000254,
  missDistanceLunar: 0.0988,
  missDistanceKm: 38_017.5,
  relativeVelocityKmPerSec: 7.42,
  orbitingBody: 'Earth',
  potentiallyHazardous: true,
};

const results: RangeResults = {
  range: { start: 1, end: 10 },
  threshold: 0.05,
  thresholdLabel: '005',
  metrics: new Map([
    ['batches_requested', 10],
    ['batches_present', 9],
    ['neos', 180],
    ['close_approaches_total', 1234],
    ['total_close_approaches_under_005_au', 100],
    ['duplicate_neo_copies_set_aside', 3],
  ]),
  years: [
    { year: 1999, approaches: 7, underThreshold: 1 },
    { year: 2000, approaches: 11, underThreshold: 0 },
    { year: 2001, approaches: 4, underThreshold: 4 },
  ],
  byYearAndBody: [
    { year: 1999, orbitingBody: 'Earth', approaches: 5, underThreshold: 1 },
    { year: 2000, orbitingBody: 'Earth', approaches: 6, underThreshold: 0 },
    { year: 1999, orbitingBody: 'M<a>rs', approaches: 2, underThreshold: 0 },
  ],
  closest: [approach, { ...approach, rank: 2, name: 'Apophis', missDistanceLunar: null, orbitingBody: null }],
};

const coverage: ManifestCoverage = {
  manifestFound: true,
  missing: [{ batch: 4, reason: 'Page 3 failed: <HTTP 500>' }],
  quarantined: [{ batch: 6, records: 2 }],
  drift: ['catalogue grew & shifted'],
};

const ariaLabels = (svg: string) =>
  [...svg.matchAll(/<path aria-label="([^"]*)" role="graphics-symbol" aria-roledescription="bar"/g)].map((m) => m[1]);

describe('charts', () => {
  it('per year: one bar per year and series, labelled with the year and its count', async () => {
    const svg = await renderSvg(approachesPerYearSpec(results));
    expect(ariaLabels(svg)).toEqual([
      'Year 1999: 7 approaches',
      'Year 2000: 11 approaches',
      'Year 2001: 4 approaches',
      'Year 1999: 1 approaches under 0.05 AU',
      'Year 2000: 0 approaches under 0.05 AU',
      'Year 2001: 4 approaches under 0.05 AU',
    ]);
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain('>Year of approach</text>');
    expect(svg).toContain('>Close approaches</text>');
    expect(svg).toContain('>Under 0.05 AU</text>');
  });

  it('by body: totals over the years, most first, with names escaped', async () => {
    const svg = await renderSvg(approachesByBodySpec(results));
    expect(ariaLabels(svg)).toEqual([
      'Earth: 11 approaches',
      'M&lt;a&gt;rs: 2 approaches',
      'Earth: 1 approaches under 0.05 AU',
      'M&lt;a&gt;rs: 0 approaches under 0.05 AU',
    ]);
    expect(svg).not.toContain('M<a>rs');
  });

  it('labels the year axis every 1, 2, 5, 10 ... years, whichever keeps at most 24 labels', () => {
    const span = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
    expect(yearTicks(span(2001, 2010))).toEqual(span(2001, 2010));
    expect(yearTicks(span(1900, 2200))).toEqual(span(0, 15).map((k) => 1900 + 20 * k));
    expect(yearTicks([1901, 1957, 2003])).toEqual([1901, 1957, 2003]);
  });
});

describe('the page', () => {
  const html = reportHtml({
    results,
    coverage,
    charts: { perYear: '<svg id="chart-1"></svg>', byBody: '<svg id="chart-2"></svg>' },
    generatedAt: new Date('2026-11-30T12:00:00Z'),
  });

  it('escapes every text value', () => {
    expect(escapeHtml(HOSTILE)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;');
    expect(html).not.toContain('<script');
    expect(html).toContain(escapeHtml(HOSTILE));
    expect(html).toContain('batch 4 never ingested: Page 3 failed: &lt;HTTP 500&gt;');
    expect(html).toContain('catalogue drift: catalogue grew &amp; shifted');
  });

  it('is self-contained: inline style and SVG, nothing fetched', () => {
    expect(html).toContain('<style>');
    expect(html).toContain('<svg id="chart-1"></svg>');
    expect(html).not.toMatch(/<link|<script|<img|<iframe|src=|url\(/i);
  });

  it('shows coverage, warnings and headline metrics', () => {
    expect(html).toContain('9 of 10 batches present');
    expect(html).toContain('batch 6: 2 record(s) quarantined');
    expect(html).toContain('3 duplicate NEO copies set aside');
    expect(html).toContain('<dd>1,234</dd>');
    expect(html).toContain('<dd>100<small>8.1% of all</small></dd>');
    expect(html).toContain('1999-2001<small>3 years with approaches</small>');
  });

  it('keeps exact values in <data value> and leaves missing ones empty', () => {
    expect(html).toContain('<data value="0.000254">0.000254000</data>');
    expect(html).toContain('<data value="38017.5">38,018</data>');
    const secondRow = html.slice(html.indexOf('<td class="num">2</td>'));
    expect(secondRow).toMatch(/<td>2029-04-13<\/td><td><\/td>/);
    expect(secondRow).toContain('<td class="num"></td>');
  });

  it('says so when nothing needs attention', () => {
    const clean = reportHtml({
      results: { ...results, metrics: new Map([...results.metrics].filter(([name]) => !name.startsWith('duplicate'))) },
      coverage: { manifestFound: true, missing: [], quarantined: [], drift: [] },
      charts: { perYear: '', byBody: '' },
      generatedAt: new Date(),
    });
    expect(clean).toContain('1 batch(es) of the range have no rows');
    const complete = new Map(results.metrics).set('batches_present', 10).set('duplicate_neo_copies_set_aside', 0);
    const none = reportHtml({
      results: { ...results, metrics: complete },
      coverage: { manifestFound: true, missing: [], quarantined: [], drift: [] },
      charts: { perYear: '', byBody: '' },
      generatedAt: new Date(),
    });
    expect(none).toContain('No warnings');
    expect(none).not.toContain('class="warnings"');
  });
});
