/**
 * `npm run report` (build) and `npm run report:open` (serve on 127.0.0.1).
 *
 *   tsx harness/cli/report.ts build
 *   tsx harness/cli/report.ts open [--port 8080]
 */
import { resolve } from 'node:path';
import { buildReport, ReportError, serveReport, type BuiltReport } from '../report/index.js';
import type { RegressionReport } from '../baselines/index.js';
import { DataFileError } from '../files/index.js';
import { createQaReportHooks } from '../trends/index.js';

export const PROJECT_ROOT = resolve(import.meta.dirname, '..', '..');
export const REPORT_DIR = resolve(PROJECT_ROOT, 'reports', 'allure-report');

/**
 * Builds the report from every shard's results and prints where it is. The QA hooks run first (flaky flags,
 * timeout/budget/regression categories, run counters, this run's line in the trends history) and add the
 * trends page after Allure has generated.
 */
export async function buildAndPrintReport(): Promise<BuiltReport> {
  const qa = createQaReportHooks({ projectRoot: PROJECT_ROOT });
  const built = await buildReport({
    projectRoot: PROJECT_ROOT,
    outputDir: REPORT_DIR,
    beforeGenerate: qa.beforeGenerate,
    afterGenerate: qa.afterGenerate,
  });
  const { summary, regressions } = qa.outcome();
  const counters = summary?.counters;
  process.stdout.write(
    [
      '',
      `Allure report built from ${built.resultsDirs.length} results folder(s): ${built.resultsDirs.map((d) => d.slice(PROJECT_ROOT.length + 1)).join(', ')}`,
      ...(counters === undefined ? [] : [`  run: ${Object.entries(counters).map(([key, value]) => `${key} ${String(value)}`).join(', ')}`]),
      `  regressions: ${describeRegressions(regressions)}`,
      `  report: ${built.indexHtml}`,
      `  trends: ${resolve(built.outputDir, 'trends', 'index.html')}`,
      `  analytics script stripped from ${built.strippedFiles.length} HTML file(s)`,
      '  open it: npm run report:open   (serves it on http://127.0.0.1)',
      '',
    ].join('\n'),
  );
  return built;
}

function describeRegressions(report: RegressionReport | undefined): string {
  if (report === undefined || report.noBaseline) return 'no baseline yet (npm run baseline:update accepts this run)';
  return report.regressed.length === 0 ? `none in ${report.comparisons.length} compared test(s)` : report.regressed.join(', ');
}

function parsePort(argv: readonly string[]): number {
  const index = argv.indexOf('--port');
  const raw = index >= 0 ? argv[index + 1] : process.env['REPORT_PORT'];
  if (raw === undefined || raw === '') return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`--port must be 0..65535, got "${raw}"`);
  return port;
}

async function openReport(argv: readonly string[]): Promise<void> {
  const server = await serveReport({ root: REPORT_DIR, port: parsePort(argv) });
  process.stdout.write(`Serving ${REPORT_DIR}\n  open ${server.url}\n  (Ctrl-C to stop)\n`);
  await new Promise<void>((resolvePromise) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolvePromise();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'build') {
      await buildAndPrintReport();
      return 0;
    }
    if (command === 'open') {
      await openReport(rest);
      return 0;
    }
    process.stderr.write('usage: report.ts build | open [--port N]\n');
    return 2;
  } catch (error) {
    // Codes are stable and greppable; the data file errors' messages already name their file.
    const coded = error instanceof ReportError || error instanceof DataFileError;
    const message = coded ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
    process.stderr.write(`report: ${message}\n`);
    return 1;
  }
}

// Runs only as a script, so stress.ts can import buildAndPrintReport without side effects.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  process.exitCode = await main(process.argv.slice(2));
}
