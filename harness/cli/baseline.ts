// `npm run baseline:update [-- --keep 10] [--force]`: accepts the last run's measurements (every shard's part under
// reports/baselines/parts) into reports/baselines/baselines.json in one atomic write. It refuses a run it already
// holds (the run manifest's id), and a run with failed tests or regressions unless --force (it names them). Bad
// arguments exit 2; a refusal or a corrupt baselines file or part exits 1 naming the file (and field); nothing is
// overwritten.
import { resolve } from 'node:path';
import { acceptRun, BaselineFileError, BaselineRefusedError } from '../baselines/index.js';
import { BASELINE_USAGE as USAGE, parseBaselineArgs, type BaselineArgs } from './baseline-args.js';
import { UsageError } from '../command-line/index.js';
import { readRunManifest, reportPaths } from '../pipeline/index.js';
import { errorMessage } from '../../engines/common/index.js';

async function main(argv: readonly string[]): Promise<number> {
  let args: BaselineArgs;
  try {
    args = parseBaselineArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`baseline:update: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const paths = reportPaths(resolve(import.meta.dirname, '..', '..'));
  try {
    const manifest = await readRunManifest(paths.runManifest);
    const result = await acceptRun({
      baselineFile: paths.baselineFile,
      partsDir: paths.baselinePartsDir,
      force: args.force,
      ...(args.keep !== undefined ? { keep: args.keep } : {}),
      ...(manifest !== undefined ? { runId: manifest.runId } : {}),
    });
    const forced =
      result.forced === undefined
        ? ''
        : ` (forced past ${[...result.forced.failures, ...result.forced.regressions].join('; ')})`;
    process.stdout.write(
      `accepted run ${result.runId}: ${result.tests} test sample(s) from ${result.shards.join(', ')} into ${result.path}${forced}\n` +
        `  ${result.comparableRuns} accepted run(s) now held for this run's context (3 are needed before regressions are judged)\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof BaselineRefusedError || error instanceof BaselineFileError) {
      process.stderr.write(`baseline:update refused: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`baseline:update failed: ${errorMessage(error)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
