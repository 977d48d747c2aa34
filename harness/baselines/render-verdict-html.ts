import type { DetectorVerdict } from './detector.js';
import type { TestJudgement } from './judge-run.js';
import { escapeHtml } from '../markup/index.js';

const LABELS: Record<string, string> = {
  threadCpuMs: "CPU time of the test's own thread over its measured work",
  cpuMs: 'CPU time of the measured work, whole process (reported; judged only where thread CPU is missing)',
  wallMs: 'wall time of the measured work (reported, not judged)',
  rssGrowthMb: 'RSS growth within the measured work',
  heapGrowthMb: 'heap growth within the measured work',
};

function value(v: number | undefined, unit: string): string {
  if (v === undefined) return '–';
  return `${unit === 'ms' && Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1)} ${unit}`;
}

function row(v: DetectorVerdict): string {
  const cells = [
    `<th scope="row">${escapeHtml(v.metric)}<br><small>${escapeHtml(LABELS[v.metric] ?? '')}</small></th>`,
    `<td>${value(v.current, v.unit)}</td>`,
    `<td>${v.baseline === undefined ? '–' : `${value(v.baseline.median, v.unit)} <small>(median of ${v.baseline.runs} runs)</small>`}</td>`,
    `<td>${v.baseline === undefined ? '–' : `${value(v.baseline.low, v.unit)} – ${value(v.baseline.high, v.unit)}`}</td>`,
    `<td>${v.changePercent === undefined ? '–' : `${v.changePercent > 0 ? '+' : ''}${v.changePercent.toFixed(1)}%`}</td>`,
    `<td>${v.pValue === undefined ? '–' : v.pValue < 0.001 ? '&lt;0.001' : v.pValue.toFixed(3)}${v.threshold === undefined ? '' : ` <small>(α ${v.threshold.alpha}, floor ${v.threshold.minChangePercent}% and ${v.threshold.minAbsolute} ${escapeHtml(v.unit)})</small>`}</td>`,
    `<td class="${escapeHtml(v.status)}">${escapeHtml(v.status)}</td>`,
  ];
  return `<tr>${cells.join('')}</tr>\n<tr class="why"><td colspan="7">${escapeHtml(v.reason)}</td></tr>`;
}

/** The verdicts of one test as a readable HTML table, with the accepted runs the baseline came from. */
export function renderVerdictHtml(test: TestJudgement, summary: string): string {
  const runs = new Map<string, { runAt: string; commit?: string }>();
  for (const v of test.verdicts) for (const r of v.baselineRuns ?? []) runs.set(r.runId, r);
  const runRows = [...runs]
    .map(
      ([id, r]) =>
        `<tr><td>${escapeHtml(r.runAt)}</td><td><code>${escapeHtml((r.commit ?? 'unknown').slice(0, 12))}</code></td><td><code>${escapeHtml(id)}</code></td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(test.name)} — baseline comparison</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1em}table{border-collapse:collapse;margin-bottom:1em}
th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}tr.why td{color:#555;border-top:none;font-size:12px}
td.regressed{background:#fdd;font-weight:bold}td.improved{background:#dfd}td.refused,td.insufficient-history{background:#eee}
</style></head><body>
<h1>${escapeHtml(test.name)}</h1>
<p>Run verdict: ${escapeHtml(summary)}</p>
<table><thead><tr><th>metric</th><th>this run</th><th>baseline</th><th>prediction band</th><th>change</th><th>p-value</th><th>verdict</th></tr></thead>
<tbody>
${test.verdicts.map(row).join('\n')}
</tbody></table>
<h2>Accepted runs the baseline comes from</h2>
${runRows === '' ? '<p>none comparable yet</p>' : `<table><thead><tr><th>run date</th><th>commit</th><th>run id</th></tr></thead><tbody>\n${runRows}\n</tbody></table>`}
</body></html>
`;
}
