import { trendsAnchorOf } from '../classify/index.js';
import {
  escapeHtml,
  formatFigure as fmt,
  renderLineChart,
  type ChartPoint,
  type ChartSeries,
} from '../markup/index.js';
import type { MetricVerdict, RunRecord, TestRunEntry } from './run-record.js';
import type { TrendCell } from './summarize-trends.js';

/** Marks the section in a result's descriptionHtml, so a rebuild replaces it instead of adding a second. */
export const HISTORY_SECTION_MARKER = 'data-maestro-history';

export interface RenderTestHistoryOptions {
  /** The trends page, relative to the Allure test page (awesome/index.html). Default `../trends/index.html`. */
  trendsHref?: string;
}

const LETTER: Record<TrendCell, string> = {
  passed: 'P',
  flaky: 'F',
  failed: 'X',
  broken: 'B',
  timedOut: 'T',
  skipped: 'S',
  absent: '·',
};

const STYLE = `
.mh{font:13px/1.4 system-ui,sans-serif;color:#1f2328}
.mh h3{font-size:14px;margin:0 0 6px}
.mh .cell{display:inline-block;min-width:18px;text-align:center;border-radius:3px;margin-right:2px;color:#fff;text-decoration:none;font-family:ui-monospace,monospace}
.mh .c-passed{background:#2da44e}.mh .c-flaky{background:#bf8700}.mh .c-failed{background:#cf222e}.mh .c-broken{background:#8250df}
.mh .c-timedOut{background:#a40e26}.mh .c-skipped{background:#6e7781}.mh .c-absent{background:#eaeef2;color:#57606a}
.mh .cell.had-timeout{box-shadow:inset 0 -3px 0 #a40e26}
.mh table{border-collapse:collapse;margin-top:6px}.mh th,.mh td{border-bottom:1px solid #d0d7de;padding:2px 6px;text-align:left;white-space:nowrap}
.mh td.verdicts{white-space:normal;font-size:12px;max-width:300px}.mh img.chart{display:block;margin:4px 0;max-width:100%}
.mh td.num{text-align:right;font-variant-numeric:tabular-nums}.mh .regressed{color:#cf222e;font-weight:600}.mh .improved{color:#1a7f37}
.mh .note{color:#57606a}
`;

/** The column a run gets in the history: its entry for this test (undefined where the test did not run). */
interface RunColumn {
  index: number;
  run: RunRecord;
  entry: TestRunEntry | undefined;
}

/**
 * One test's history over the given runs (oldest first) as an HTML fragment for its Allure page: a status
 * strip (flaky and timed-out attempts marked, the first attempt's error on hover), wall and CPU time with each
 * run's baseline band and regression markers, peak RSS growth, and a table linking every run to its row in
 * the trends view. Fields the run records lack (older runs) are left out, not shown as zero.
 */
export function renderTestHistoryHtml(
  key: string,
  runs: readonly RunRecord[],
  options: RenderTestHistoryOptions = {},
): string {
  const trendsHref = options.trendsHref ?? '../trends/index.html';
  const columns: RunColumn[] = runs.map((run, index) => ({ index, run, entry: run.tests.find((t) => t.key === key) }));
  const present = columns.filter((c) => c.entry !== undefined);
  const flaky = present.filter((c) => c.entry?.outcome === 'flaky').length;
  const timedOut = present.filter((c) => (c.entry?.timedOutAttempts ?? 0) > 0).length;
  const failed = present.filter((c) => ['failed', 'broken', 'timedOut'].includes(c.entry?.outcome ?? '')).length;
  const regressedRuns = present.filter((c) => (c.entry?.verdicts ?? []).some((v) => v.status === 'regressed')).length;
  const summary = [
    `${present.length} of the last ${runs.length} run(s)`,
    `${failed} failed`,
    `${flaky} flaky`,
    `${timedOut} with a timed-out attempt`,
    ...(regressedRuns > 0 ? [`${regressedRuns} with a regression`] : []),
  ].join(' · ');
  return `<section class="mh" ${HISTORY_SECTION_MARKER}="${escapeHtml(key)}"><style>${STYLE}</style>
<h3>History over the last ${runs.length} run(s)</h3>
<p class="summary">${escapeHtml(summary)} — <a class="trends-link" href="${escapeHtml(`${trendsHref}#${trendsAnchorOf(key)}`)}">this test in the trends view</a></p>
<p class="strip" aria-label="status per run, oldest first">${columns.map((c) => renderCell(c, trendsHref)).join('')} <span class="note">oldest → newest; F flaky, T timed out, underline: an attempt timed out</span></p>
${renderTimeChart(columns)}
${renderRssChart(columns)}
${renderRunTable(columns, trendsHref)}
</section>`;
}

function renderCell(c: RunColumn, trendsHref: string): string {
  const outcome: TrendCell = c.entry?.outcome ?? 'absent';
  const hadTimeout = (c.entry?.timedOutAttempts ?? 0) > 0;
  const parts = [`run ${c.index + 1}`, iso(c.run.timestamp), outcome];
  if (c.entry !== undefined) {
    parts.push(`${c.entry.attempts} attempt(s)`);
    if (hadTimeout) parts.push(`${c.entry.timedOutAttempts} timed out`);
    if (c.entry.firstError !== undefined) parts.push(`first error: ${c.entry.firstError}`);
  }
  const cls = `cell c-${outcome}${hadTimeout ? ' had-timeout' : ''}`;
  return `<a class="${cls}" data-run="${c.index + 1}" data-outcome="${outcome}"${hadTimeout ? ' data-timeout="true"' : ''} href="${escapeHtml(`${trendsHref}#${trendsRunAnchorOf(c.run.runId)}`)}" title="${escapeHtml(parts.join(' · '))}">${LETTER[outcome]}</a>`;
}

function verdictOf(entry: TestRunEntry | undefined, metric: string): MetricVerdict | undefined {
  return entry?.verdicts?.find((v) => v.metric === metric);
}

function pointOf(c: RunColumn, metric: string, value: number | undefined, unit: string): ChartPoint {
  const verdict = verdictOf(c.entry, metric);
  const label =
    value === undefined
      ? ''
      : `run ${c.index + 1} · ${iso(c.run.timestamp)} · ${fmt(value)} ${unit}${verdict !== undefined ? ` · ${verdict.status}: ${verdict.reason}` : ''}`;
  return {
    x: c.index,
    y: value,
    run: c.index + 1,
    label,
    ...(verdict?.status === 'regressed' ? { marked: true } : {}),
    ...(verdict?.baseline !== undefined
      ? { band: { low: verdict.baseline.low, high: verdict.baseline.high, median: verdict.baseline.median } }
      : {}),
  };
}

/**
 * Allure sanitises the description with DOMPurify's HTML profile, which drops inline SVG: a chart goes in as an
 * image (data: URL, allowed by the profile and the report server's CSP), its alt text naming what it marks.
 */
function chartImage(svg: string, alt: string, cls: string): string {
  return `<img class="chart ${cls}" alt="${escapeHtml(alt)}" title="${escapeHtml(alt)}" src="data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}">`;
}

function regressedRuns(columns: readonly RunColumn[], metrics: readonly string[]): string {
  const marks = columns.flatMap((c) =>
    (c.entry?.verdicts ?? [])
      .filter((v) => v.status === 'regressed' && metrics.includes(v.metric))
      .map((v) => `run ${c.index + 1} (${v.metric})`),
  );
  return marks.length === 0 ? 'no regression' : `▲ regression in ${marks.join(', ')}`;
}

function renderTimeChart(columns: readonly RunColumn[]): string {
  const measured = columns.some(
    (c) => c.entry?.measured?.wallMs !== undefined || c.entry?.measured?.cpuMs !== undefined,
  );
  if (!measured) {
    // Older records carry only the attempt's duration: show it as such, never as "measured work".
    const points = columns.map((c) => pointOf(c, 'durationMs', c.entry?.durationMs, 'ms'));
    const svg = historyChart(
      [{ name: 'attempt duration', color: '#0969da', points }],
      columns,
      'Duration of the final attempt per run',
      'ms',
    );
    return chartImage(svg, 'Duration of the final attempt per run (no measured work recorded)', 'duration');
  }
  const svg = historyChart(
    [
      {
        name: 'wall time',
        color: '#0969da',
        points: columns.map((c) => pointOf(c, 'wallMs', c.entry?.measured?.wallMs, 'ms')),
      },
      {
        name: 'CPU time',
        color: '#8250df',
        points: columns.map((c) => pointOf(c, 'cpuMs', c.entry?.measured?.cpuMs, 'ms')),
      },
    ],
    columns,
    'Measured work per run: wall and CPU time, baseline band shaded, ▲ regression',
    'ms',
  );
  return chartImage(
    svg,
    `Wall and CPU time per run, baseline band shaded; ${regressedRuns(columns, ['wallMs', 'cpuMs'])}`,
    'time',
  );
}

/** A chart over the runs (oldest left), labelled "run 1" to "run N". */
function historyChart(
  series: readonly ChartSeries[],
  columns: readonly RunColumn[],
  title: string,
  unit: string,
  height = 190,
): string {
  const last = Math.max(0, columns.length - 1);
  const ticks = [...new Set([0, last])].map((i) => ({ at: i, label: `run ${i + 1}` }));
  return renderLineChart(series, { title, width: 560, height, x: { ticks }, y: { caption: unit } });
}

function renderRssChart(columns: readonly RunColumn[]): string {
  if (!columns.some((c) => c.entry?.measured?.rssGrowthMb !== undefined)) return '';
  const svg = historyChart(
    [
      {
        name: 'peak RSS growth',
        color: '#bc4c00',
        points: columns.map((c) => pointOf(c, 'rssGrowthMb', c.entry?.measured?.rssGrowthMb, 'MB')),
      },
    ],
    columns,
    'Peak RSS growth within the test (peak minus start)',
    'MB',
    160,
  );
  return chartImage(svg, `Peak RSS growth within the test per run; ${regressedRuns(columns, ['rssGrowthMb'])}`, 'rss');
}

function renderRunTable(columns: readonly RunColumn[], trendsHref: string): string {
  const hasMeasured = columns.some((c) => c.entry?.measured !== undefined);
  const head = [
    'Run',
    'Started (UTC)',
    'Commit',
    'Seed (shard)',
    'Outcome',
    ...(hasMeasured ? ['Wall ms', 'CPU ms', 'RSS +MB'] : ['Duration ms']),
    'Verdicts',
  ];
  const rows = [...columns]
    .reverse()
    .map((c) => {
      const e = c.entry;
      const commit = c.run.context?.commit;
      const seed = seedOf(c.run, e?.shard);
      const seedText = [seed === undefined ? '' : String(seed), e?.shard === undefined ? '' : `(${e.shard})`]
        .filter((t) => t !== '')
        .join(' ');
      const outcome =
        e === undefined
          ? 'not run'
          : `${e.outcome}${e.attempts > 1 ? `, ${e.attempts} attempts` : ''}${e.timedOutAttempts > 0 ? `, ${e.timedOutAttempts} timed out` : ''}`;
      const figures = hasMeasured
        ? [e?.measured?.wallMs, e?.measured?.cpuMs, e?.measured?.rssGrowthMb]
        : [e?.durationMs];
      return `<tr class="run-row" data-run="${c.index + 1}"><td><a href="${escapeHtml(`${trendsHref}#${trendsRunAnchorOf(c.run.runId)}`)}">run ${c.index + 1}</a></td><td>${escapeHtml(iso(c.run.timestamp).slice(0, 16))}</td><td>${commit === undefined ? '' : `<code>${escapeHtml(commit.slice(0, 8))}</code>`}</td><td>${escapeHtml(seedText)}</td><td class="outcome">${escapeHtml(outcome)}</td>${figures.map((v) => `<td class="num">${v === undefined ? '' : fmt(v)}</td>`).join('')}<td class="verdicts">${renderVerdicts(e?.verdicts)}</td></tr>`;
    })
    .join('\n');
  return `<table class="runs"><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>
${rows}
</tbody></table><p class="note">Newest run first. A run's link opens its row in the trends view (date, commit, seeds, scale, workers, shards, regressions).</p>`;
}

function renderVerdicts(verdicts: readonly MetricVerdict[] | undefined): string {
  if (verdicts === undefined || verdicts.length === 0) return '';
  const shown = verdicts.filter((v) => v.status !== 'unchanged');
  if (shown.length === 0) return '<span class="note">unchanged</span>';
  return shown
    .map((v) => `<span class="${v.status}" title="${escapeHtml(v.reason)}">${escapeHtml(describeVerdict(v))}</span>`)
    .join('<br>');
}

/** "cpuMs regressed +32% (p 0.004)", or the verdict's own reason for refused / insufficient history. */
export function describeVerdict(v: MetricVerdict): string {
  if (v.status === 'regressed' || v.status === 'improved') {
    const change =
      v.changePercent === undefined ? '' : ` ${v.changePercent >= 0 ? '+' : ''}${Math.round(v.changePercent)}%`;
    const p = v.pValue === undefined ? '' : ` (p ${v.pValue < 0.001 ? '<0.001' : v.pValue.toFixed(3)})`;
    return `${v.metric} ${v.status}${change}${p}`;
  }
  return `${v.metric}: ${v.reason}`;
}

/** The seed the test's shard ran with, or the run's only seed. */
export function seedOf(run: RunRecord, shard: string | undefined): number | undefined {
  const seeds = run.seeds ?? [];
  if (shard !== undefined) {
    const own = seeds.find((s) => s.shard === shard);
    if (own !== undefined) return own.seed;
  }
  return seeds.length === 1 ? seeds[0]?.seed : undefined;
}

/** The HTML id of a run's row in the trends view. */
export function trendsRunAnchorOf(runId: string): string {
  return `run-${runId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

function iso(timestamp: number): string {
  return new Date(timestamp).toISOString().replace('T', ' ').slice(0, 19);
}
