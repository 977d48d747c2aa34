/**
 * `npm run report` (build) and `npm run report:open` (serve on 127.0.0.1).
 *
 *   node --import tsx harness/cli/report.ts build
 *   node --import tsx harness/cli/report.ts open [--port N]
 *
 * `build` is a rebuild from the results already under reports/: it runs the pipeline's post-run sequence
 * (harness/pipeline) without writing baseline parts, and leaves the history and the results' annotations as the
 * first build left them.
 */
import { resolve } from 'node:path';
import { acquireRunLock, exitCodeOf, reportPaths, trapInterrupts } from '../pipeline/index.js';
import { parseCommandLine, UsageError } from '../command-line/index.js';
import { runPostRun } from '../pipeline/post-run/index.js';
import { serveReport } from '../report/index.js';
import { describeError, describePostRun } from './post-run-summary.js';
import { projectRoot } from './project-root.js';

export const PROJECT_ROOT = projectRoot();
export const REPORT_DIR = reportPaths(PROJECT_ROOT).allureReport;

function parsePort(argv: readonly string[]): number {
  const { values } = parseCommandLine({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: { port: { type: 'string' } },
  });
  const raw = values.port ?? process.env['REPORT_PORT'];
  if (raw === undefined || raw === '') return 0;
  const port = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0..65535, got "${raw}"`);
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
      // `build` takes nothing more: an extra word (`npm run report -- open`) must not quietly rebuild instead.
      parseCommandLine({ args: [...rest], options: {} });
      // A signal stops `allure generate`; the pipeline then puts Allure's history back as it was.
      // A rebuild during a run would read half-written results and race the run's own build for the history.
      const lock = await acquireRunLock(reportPaths(PROJECT_ROOT).runLock, { command: 'npm run report' });
      const interrupts = trapInterrupts({ stopping: 'the report build is aborted' });
      try {
        const result = await runPostRun({ projectRoot: PROJECT_ROOT, signal: interrupts.signal });
        process.stdout.write(['', ...describePostRun(result, PROJECT_ROOT), ''].join('\n'));
        return 0;
      } catch (error) {
        const stopped = interrupts.received();
        if (stopped === undefined) throw error;
        process.stderr.write(`report: stopped by ${stopped}; the history is as it was\n`);
        return exitCodeOf(stopped);
      } finally {
        await lock.release();
        interrupts.dispose();
      }
    }
    if (command === 'open') {
      await openReport(rest);
      return 0;
    }
    process.stderr.write('usage: report.ts build | open [--port N]\n');
    return 2;
  } catch (error) {
    process.stderr.write(`report: ${describeError(error)}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  process.exitCode = await main(process.argv.slice(2));
}
