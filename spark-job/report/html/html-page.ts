// The report page: one self-contained HTML document (inline CSS, inline SVG, no script, no link out).
// Every text value from the data goes through escapeHtml(); the SVG comes escaped from Vega's renderer.
import { describeBatches } from '../../../core/layout.ts';
import { METRIC, totalUnderMetric } from '../metric-names.ts';
import type { ManifestCoverage } from './manifest-coverage.ts';
import type { ClosestApproach, RangeResults } from './range-results.ts';
import { REPORT_CSS } from './html-style.ts';

export interface ReportContent {
  readonly results: RangeResults;
  readonly coverage: ManifestCoverage;
  /** Rendered <svg> elements. */
  readonly charts: { readonly perYear: string; readonly byBody: string };
  readonly generatedAt: Date;
}

/** A metric the job writes when it set aside repeated copies of one NEO. */
export const DUPLICATES_METRIC = 'duplicate_neo_copies_set_aside';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => ESCAPES[char] as string);

const count = (value: number) => value.toLocaleString('en-US');

/** A number shown rounded, its exact value kept machine-readable in <data value>; nothing for null. */
const exact = (value: number | null, show: (value: number) => string) =>
  value === null ? '' : `<data value="${escapeHtml(String(value))}">${escapeHtml(show(value))}</data>`;

const text = (value: string | null) => escapeHtml(value ?? '');

export function reportHtml({ results, coverage, charts, generatedAt }: ReportContent): string {
  const { range } = results;
  const title = `Close approaches, batches ${range.start}-${range.end}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p class="sub">Near Earth Objects from NASA's NeoWs Browse API, aggregated with Spark SQL.
Threshold ${escapeHtml(String(results.threshold))} AU. Generated ${escapeHtml(generatedAt.toISOString())}.</p>
${coverageSection(results, coverage)}
${headlineSection(results)}
<h2>Close approaches per year</h2>
<figure id="per-year">${charts.perYear}
<figcaption>Every close approach of the range's NEOs by year, and in front those closer than
${escapeHtml(String(results.threshold))} AU.</figcaption></figure>
<h2>By orbiting body</h2>
<figure id="by-body">${charts.byBody}
<figcaption>All years together.</figcaption></figure>
${closestSection(results.closest)}
</main>
</body>
</html>
`;
}

function coverageSection(results: RangeResults, coverage: ManifestCoverage): string {
  const requested = results.metrics.get(METRIC.batchesRequested) ?? 0;
  const present = results.metrics.get(METRIC.batchesPresent) ?? 0;
  const duplicates = results.metrics.get(DUPLICATES_METRIC) ?? 0;
  const warnings = [
    ...(coverage.manifestFound ? [] : ['no manifest.json in the output folder: reasons for missing batches unknown']),
    ...missingWarning(coverage, requested - present),
    ...coverage.quarantined.map(({ batch, records }) => `batch ${batch}: ${count(records)} record(s) quarantined`),
    ...(duplicates > 0 ? [`${count(duplicates)} duplicate NEO cop${duplicates === 1 ? 'y' : 'ies'} set aside`] : []),
    ...coverage.drift.map((note) => `catalogue drift: ${note}`),
  ];
  const list =
    warnings.length === 0
      ? '<p class="ok">No warnings: every batch of the range is present, nothing was quarantined.</p>'
      : `<div class="warnings" role="note"><strong>Warnings</strong><ul>${warnings
          .map((text) => `<li>${escapeHtml(text)}</li>`)
          .join('')}</ul></div>`;
  return `<h2>Coverage</h2>
<p id="coverage">${count(present)} of ${count(requested)} batches present (batches ${results.range.start}
to ${results.range.end}).</p>
${list}`;
}

function missingWarning(coverage: ManifestCoverage, absent: number): string[] {
  if (coverage.missing.length === 0) return absent > 0 ? [`${absent} batch(es) of the range have no rows`] : [];
  const unexplained = coverage.missing.filter((m) => m.reason === null).map((m) => m.batch);
  return [
    ...coverage.missing.flatMap((m) => (m.reason === null ? [] : [`batch ${m.batch} never ingested: ${m.reason}`])),
    ...(unexplained.length === 0 ? [] : [`batches never ingested: ${describeBatches(unexplained)}`]),
  ];
}

function headlineSection(results: RangeResults): string {
  const { metrics, years, closest } = results;
  const total = metrics.get(METRIC.approaches) ?? 0;
  const under = metrics.get(totalUnderMetric(results.thresholdLabel)) ?? 0;
  const share = total === 0 ? '' : `<small>${((100 * under) / total).toFixed(1)}% of all</small>`;
  const first = closest[0];
  const span = years.length === 0 ? 'none' : `${years[0]?.year}-${years.at(-1)?.year}`;
  const card = (id: string, label: string, value: string) =>
    `<div class="card" id="${id}"><dt>${escapeHtml(label)}</dt><dd>${value}</dd></div>`;
  return `<h2>Headline</h2>
<dl class="cards">
${card('neos', 'NEOs', count(metrics.get(METRIC.neos) ?? 0))}
${card('approaches', 'Close approaches', count(total))}
${card('under-threshold', `Under ${results.threshold} AU`, `${count(under)}${share}`)}
${card('years', 'Years covered', `${escapeHtml(span)}<small>${count(years.length)} years with approaches</small>`)}
${
  first === undefined
    ? ''
    : card(
        'closest',
        'Closest approach',
        `${first.missDistanceAu.toPrecision(3)} AU<small>${escapeHtml(first.name)},
${escapeHtml(first.approachDate)}, ${text(first.orbitingBody)}</small>`,
      )
}
</dl>`;
}

function closestSection(closest: readonly ClosestApproach[]): string {
  const rows = closest.map(
    (row) => `<tr>
<td class="num">${row.rank}</td><td>${escapeHtml(row.name)}</td><td>${escapeHtml(row.neoId)}</td>
<td>${escapeHtml(row.approachDate)}</td><td>${text(row.orbitingBody)}</td>
<td class="num">${exact(row.missDistanceAu, (au) => au.toPrecision(6))}</td>
<td class="num">${exact(row.missDistanceLunar, (ld) => ld.toPrecision(4))}</td>
<td class="num">${exact(row.missDistanceKm, (km) => count(Math.round(km)))}</td>
<td class="num">${exact(row.relativeVelocityKmPerSec, (v) => v.toFixed(2))}</td>
<td${row.potentiallyHazardous ? ' class="hazard">yes' : '>no'}</td>
</tr>`,
  );
  return `<h2>Closest approaches</h2>
<table id="closest-approaches">
<thead><tr><th class="num">Rank</th><th>Name</th><th>NEO id</th><th>Date</th><th>Body</th>
<th class="num">Miss distance (AU)</th><th class="num">(lunar)</th><th class="num">(km)</th>
<th class="num">Velocity (km/s)</th><th>Hazardous</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}
