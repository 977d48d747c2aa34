import { formatParseProblem } from './parse-features.js';
import type { FlakeReport } from './flake-detection.js';
import type { RunReport, StatusCounts } from './types.js';

/** A human summary of a run: problems first (with file:line), then counts, as a CI log reader wants it. */
export function formatSummary(report: RunReport): string {
  const lines: string[] = [];
  for (const problem of report.parseErrors) lines.push(`PARSE ERROR ${formatParseProblem(problem)}`);
  for (const problem of report.runHookErrors) {
    lines.push(
      `${problem.kind} hook ${problem.hookId}${problem.workerId === undefined ? '' : ` (${problem.workerId})`} failed: ${problem.error.message}`,
    );
  }
  for (const scenario of report.scenarios) {
    if (scenario.status === 'passed' && !scenario.flaky) continue;
    if (scenario.status === 'skipped') continue;
    const tags = [scenario.flaky ? 'flaky' : '', scenario.quarantined ? 'quarantined' : ''].filter(Boolean).join(', ');
    lines.push(
      `${scenario.status.toUpperCase()} ${scenario.uri}:${scenario.line} ${scenario.name}${tags === '' ? '' : ` [${tags}]`}`,
    );
    const last = scenario.attempts[scenario.attempts.length - 1];
    for (const step of last?.steps ?? []) {
      if (step.status === 'passed' || step.status === 'skipped') continue;
      lines.push(
        `  ${step.status}: ${step.text}${step.error === undefined ? '' : `\n    ${step.error.message.split('\n').join('\n    ')}`}`,
      );
    }
  }
  if (report.snippets.length > 0) {
    lines.push(
      '',
      'Undefined steps can be implemented with:',
      '',
      ...report.snippets.flatMap((snippet) => [snippet, '']),
    );
  }
  // Counted, not listed: a report may keep only the scenarios that did not pass (`retain: 'problems'`).
  const scenarios = Object.values(report.counts.scenarios).reduce((sum, n) => sum + n, 0);
  const steps = Object.values(report.counts.steps).reduce((sum, n) => sum + n, 0);
  lines.push(
    `${scenarios} scenario${scenarios === 1 ? '' : 's'} (${describeCounts(report.counts.scenarios)})` +
      (report.counts.flaky > 0 ? `, ${report.counts.flaky} flaky` : '') +
      (report.counts.quarantined > 0 ? `, ${report.counts.quarantined} quarantined` : ''),
    `${steps} step${steps === 1 ? '' : 's'} (${describeCounts(report.counts.steps)})`,
    `${(report.durationMs / 1000).toFixed(3)}s${report.aborted ? ' (aborted)' : ''} — ${report.status.toUpperCase()}`,
  );
  return `${lines.join('\n')}\n`;
}

/** A table of flake verdicts, worst first. */
export function formatFlakeSummary(flakes: FlakeReport): string {
  const order = { CONSISTENTLY_FAILING: 0, FLAKY: 1, QUARANTINED: 2, STABLE: 3 } as const;
  const rows = [...flakes.verdicts].sort(
    (a, b) => order[a.classification] - order[b.classification] || a.key.localeCompare(b.key),
  );
  const lines = rows
    .filter((verdict) => verdict.classification !== 'STABLE')
    .map(
      (v) => `${v.classification.padEnd(20)} ${v.passed}/${v.runs} passed  rate ${v.flakeRate.toFixed(3)}  ${v.key}`,
    );
  const counts = Object.entries(flakes.counts)
    .map(([name, n]) => `${n} ${name}`)
    .join(', ');
  return `${[...lines, counts].join('\n')}\n`;
}

function describeCounts(counts: StatusCounts): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`);
  return parts.length === 0 ? 'none' : parts.join(', ');
}
