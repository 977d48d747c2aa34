import type { BudgetRow } from '../metrics/index.js';
import { escapeHtml } from '../markup/index.js';

const fmt = (n: number | undefined): string =>
  n === undefined ? 'not measured' : Number.isInteger(n) ? String(n) : n.toFixed(Math.abs(n) < 1 ? 4 : 2);

/** The budget table as a small standalone HTML page (Allure shows text/html attachments inline). */
export function renderBudgetTableHtml(rows: readonly BudgetRow[], title = 'Budgets'): string {
  const body =
    rows.length === 0
      ? '<tr><td colspan="5">No budgets set for this test.</td></tr>'
      : rows
          .map(
            (r) =>
              `<tr class="${r.pass ? 'pass' : 'fail'}"><td>${escapeHtml(r.budget)}</td><td>${escapeHtml(r.comparison)} ${fmt(r.target)}</td>` +
              `<td>${fmt(r.actual)}</td><td>${escapeHtml(r.unit)}</td><td>${r.pass ? 'PASS' : 'FAIL'}</td></tr>`,
          )
          .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body{font-family:sans-serif;font-size:13px;margin:12px}
table{border-collapse:collapse}th,td{border:1px solid #dee2e6;padding:4px 10px;text-align:left}
th{background:#f1f3f5}.pass td:last-child{color:#2b8a3e;font-weight:bold}.fail td:last-child{color:#c92a2a;font-weight:bold}
.fail{background:#fff5f5}
</style></head>
<body><table>
<thead><tr><th>Budget</th><th>Target</th><th>Actual</th><th>Unit</th><th>Result</th></tr></thead>
<tbody>
${body}
</tbody></table></body></html>
`;
}

/** The same table as Markdown, for logs and step output. */
export function renderBudgetTableMarkdown(rows: readonly BudgetRow[]): string {
  const lines = ['| Budget | Target | Actual | Unit | Result |', '| --- | --- | --- | --- | --- |'];
  for (const r of rows) {
    lines.push(
      `| ${r.budget} | ${r.comparison} ${fmt(r.target)} | ${fmt(r.actual)} | ${r.unit} | ${r.pass ? 'PASS' : 'FAIL'} |`,
    );
  }
  return lines.join('\n');
}
