import { trendsAnchorOf } from '../classify/index.js';
import { escapeHtml, renderSparkline } from '../markup/index.js';
import { describeVerdict, trendsRunAnchorOf } from './render-test-history.js';
import type { RunRecord } from './run-record.js';
import type { TestTrend, TrendCell } from './summarize-trends.js';

export interface RenderTrendsOptions {
  title?: string;
  /** Link back to the Allure report, relative to the trends page. */
  reportHref?: string;
  /** Marks shown beside a test's name, by test key (e.g. the quarantine's: harness/quarantine `quarantineTrendMarks`). */
  marks?: ReadonlyMap<string, readonly { kind: string; text: string }[]>;
  /** Each test's page in the Allure report, relative to the trends page, by test full name (see allureTestPageHrefs). */
  testPageHrefs?: ReadonlyMap<string, string>;
}

const CELL_LETTER: Record<TrendCell, string> = {
  passed: 'P',
  flaky: 'F',
  failed: 'X',
  broken: 'B',
  timedOut: 'T',
  skipped: 'S',
  absent: '·',
};

// No script and a CSP that forbids every fetch: the page cannot reach the network even if a title slipped through.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1f2328;background:#fff}
h1{font-size:20px;margin:0 0 8px}
table{border-collapse:collapse;width:100%;margin:12px 0}
th,td{border-bottom:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:middle}
th{background:#f6f8fa}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.seq{font-family:ui-monospace,monospace;white-space:nowrap}
.cell{display:inline-block;width:16px;text-align:center;border-radius:3px;margin-right:1px;color:#fff}
.c-passed{background:#2da44e}.c-flaky{background:#bf8700}.c-failed{background:#cf222e}.c-broken{background:#8250df}
.c-timedOut{background:#a40e26}.c-skipped{background:#6e7781}.c-absent{background:#eaeef2;color:#57606a}
.spark{color:#0969da;vertical-align:middle}
td.duration{white-space:nowrap}
td.regressions{font-size:12px}.regressed{color:#cf222e}
code{font-size:12px}
tr:target{outline:2px solid #0969da}
.legend span{margin-right:12px}
.mark{display:inline-block;margin-left:6px;padding:0 6px;border-radius:8px;font-size:12px;background:#fff8c5;color:#633c01}
`;

/** The trends page as one self-contained HTML document; every piece of run data is escaped. */
export function renderTrendsHtml(
  runs: readonly RunRecord[],
  trends: readonly TestTrend[],
  options: RenderTrendsOptions = {},
): string {
  const title = options.title ?? 'Test trends';
  const back =
    options.reportHref === undefined
      ? ''
      : `<p><a href="${escapeHtml(options.reportHref)}">Back to the Allure report</a></p>`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body data-runs="${runs.length}">
<h1>${escapeHtml(title)}</h1>
${back}
<p id="summary">Last <strong>${runs.length}</strong> run(s), <strong>${trends.length}</strong> test(s), most unstable first.</p>
${renderLegend()}
${renderRunsTable(runs)}
${renderTrendsTable(trends, options.marks, options.testPageHrefs)}
</body></html>
`;
}

function renderLegend(): string {
  const items = (Object.keys(CELL_LETTER) as TrendCell[])
    .map((s) => `<span><span class="cell c-${s}">${CELL_LETTER[s]}</span> ${s}</span>`)
    .join('');
  return `<p class="legend">${items}</p>`;
}

function renderRunsTable(runs: readonly RunRecord[]): string {
  const rows = runs
    .map((run, i) => {
      const c = run.counters;
      const ctx = run.context;
      // Allure counts a timeout wherever an attempt timed out, a flaky pass after a timeout included.
      const timedOutTests = run.tests.filter((t) => t.timedOutAttempts > 0).length;
      const timedOutAttempts = run.tests.reduce((sum, t) => sum + t.timedOutAttempts, 0);
      const seeds = (run.seeds ?? [])
        .map((s) => (run.seeds?.length === 1 ? String(s.seed) : `${s.shard}: ${s.seed}`))
        .join(', ');
      const cells = [
        `<td class="num">${i + 1}</td>`,
        `<td class="started">${escapeHtml(new Date(run.timestamp).toISOString().replace('T', ' ').slice(0, 19))}</td>`,
        `<td class="commit">${ctx?.commit === undefined ? '' : `<code title="${escapeHtml(ctx.commit)}">${escapeHtml(ctx.commit.slice(0, 8))}</code>`}</td>`,
        `<td class="seeds">${escapeHtml(seeds)}</td>`,
        `<td class="num scale">${ctx === undefined ? '' : escapeHtml(String(ctx.scale))}</td>`,
        `<td class="num workers">${ctx === undefined ? '' : escapeHtml(String(ctx.workers))}</td>`,
        `<td class="num shards">${ctx === undefined ? '' : ctx.shardCount}</td>`,
        ...[c.tests, c.passed, c.failed, c.flaky, c.retried].map((n) => `<td class="num">${n}</td>`),
        `<td class="num timeouts" title="${timedOutAttempts} timed-out attempt(s); ${c.timedOut} test(s) timed out in their final attempt">${timedOutTests}</td>`,
        `<td class="regressions">${renderRunRegressions(run)}</td>`,
      ];
      const incomplete = run.complete === false ? ' data-incomplete="true"' : '';
      return `<tr class="run" id="${escapeHtml(trendsRunAnchorOf(run.runId))}" data-run-id="${escapeHtml(run.runId)}"${incomplete}>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<h2>Runs</h2><table id="runs"><thead><tr><th>#</th><th>Started (UTC)</th><th>Commit</th><th>Seed(s)</th><th>Scale</th><th>Workers</th><th>Shards</th><th>Tests</th><th>Passed</th><th>Failed</th><th>Flaky</th><th>Retried</th><th title="tests with a timed-out attempt, passed on retry included">Timed out</th><th>Regressions</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

function renderRunRegressions(run: RunRecord): string {
  const regressed = run.tests.flatMap((t) =>
    (t.verdicts ?? []).filter((v) => v.status === 'regressed').map((v) => ({ test: t, v })),
  );
  if (regressed.length === 0) {
    const judged = run.tests.some((t) => t.verdicts !== undefined && t.verdicts.length > 0);
    return judged ? 'none' : '';
  }
  return regressed
    .map(
      ({ test, v }) =>
        `<a class="regressed" href="#${escapeHtml(trendsAnchorOf(test.key))}" title="${escapeHtml(v.reason)}">${escapeHtml(test.name.split(':')[0] ?? test.name)} ${escapeHtml(describeVerdict(v))}</a>`,
    )
    .join('<br>');
}

function renderTrendsTable(
  trends: readonly TestTrend[],
  marks: RenderTrendsOptions['marks'],
  pages: RenderTrendsOptions['testPageHrefs'],
): string {
  const rows = trends.map((t) => renderTrendRow(t, marks?.get(t.key) ?? [], pages?.get(t.fullName))).join('\n');
  return `<h2>Tests</h2><table id="tests"><thead><tr><th>Test</th><th>Status per run (oldest first)</th><th>Flake rate</th><th>Fail rate</th><th>Timeouts</th><th>Duration trend</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

function renderTrendRow(
  t: TestTrend,
  marks: readonly { kind: string; text: string }[],
  page: string | undefined,
): string {
  const cells = t.statuses
    .map((s, i) => `<span class="cell c-${s}" title="run ${i + 1}: ${s}">${CELL_LETTER[s]}</span>`)
    .join('');
  const known = t.durationsMs.filter((d) => d !== undefined);
  const last = known[known.length - 1];
  const spark = renderSparkline(t.durationsMs, { label: `duration of ${t.name}` });
  return `<tr class="test" id="${escapeHtml(trendsAnchorOf(t.key))}" data-flake-rate="${t.flakeRate}" data-timeouts="${t.timedOutRuns}">
<td class="name" title="${escapeHtml(t.fullName)}">${page === undefined ? escapeHtml(t.name) : `<a class="test-page" href="${escapeHtml(page)}">${escapeHtml(t.name)}</a>`}${marks.map((m) => `<span class="mark" data-mark="${escapeHtml(m.kind)}">${escapeHtml(m.text)}</span>`).join('')}</td>
<td class="seq">${cells}</td>
<td class="num flake">${percent(t.flakeRate)} <small>(${t.flakyRuns}/${t.runs})</small></td>
<td class="num fail">${percent(t.failRate)} <small>(${t.failedRuns}/${t.runs})</small></td>
<td class="num timeouts">${t.timedOutRuns} run(s), ${t.timedOutAttempts} attempt(s)</td>
<td class="duration">${spark} <small>${last === undefined ? '' : `${Math.round(last)} ms`}</small></td>
</tr>`;
}

function percent(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}
