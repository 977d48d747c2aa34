import { relative } from 'node:path';
import type { RegressionReport } from '../baselines/index.js';
import { regressionSummaryLine, type PostRunResult } from '../pipeline/post-run/index.js';

/** The lines every pipeline CLI prints after a build: what was built from what, and what it recorded. */
export function describePostRun(result: PostRunResult, root: string): string[] {
  const { built, summary, regressions, identity } = result;
  const counters = summary?.counters;
  return [
    `Allure report built from ${built.resultsDirs.length} results folder(s): ${built.resultsDirs.map((d) => relative(root, d)).join(', ')}`,
    ...(counters === undefined
      ? []
      : [
          `  run: ${Object.entries(counters)
            .map(([key, value]) => `${key} ${String(value)}`)
            .join(', ')}`,
        ]),
    `  regressions: ${describeRegressions(regressions)}`,
    result.recorded
      ? `  history: run ${identity.runId} recorded${result.replacedAllureEntries > 0 ? ' (a rebuild: both histories left as they were)' : ''}`
      : `  history: run ${identity.runId} NOT recorded (incomplete run): trends and baselines do not see it`,
    `  report: ${built.indexHtml}`,
    `  trends: ${built.outputDir}/trends/index.html`,
    `  analytics script stripped from ${built.strippedFiles.length} HTML file(s)`,
    '  open it: npm run report:open   (serves it on http://127.0.0.1)',
  ];
}

function describeRegressions(report: RegressionReport | undefined): string {
  const line = regressionSummaryLine(report);
  if (line !== undefined) return line;
  if (report === undefined || report.noBaseline) return 'no baseline yet (npm run baseline:update accepts this run)';
  return report.regressed.length === 0
    ? `none in ${report.comparisons.length} compared test(s)`
    : report.regressed.join(', ');
}

/** One line for an error of the pipeline: coded errors (data files, report) by code and message, never a stack. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
