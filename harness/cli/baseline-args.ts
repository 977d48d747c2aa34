import { MAX_KEEP } from '../baselines/index.js';
import { parseCommandLine, UsageError } from '../command-line/index.js';

export const BASELINE_USAGE = `Usage: npm run baseline:update -- [--keep N] [--force]

  --keep N   accepted runs kept per test and run context (1..${MAX_KEEP}; default 10, or the file's)
  --force    accept a run with failed tests or regressions (they are named, and recorded in the file)
`;

export interface BaselineArgs {
  keep?: number;
  force: boolean;
  help: boolean;
}

export function parseBaselineArgs(argv: readonly string[]): BaselineArgs {
  const { values } = parseCommandLine({
    // `--keep -1` would be read as a missing value followed by an option: take a number as the value, so it gets
    // the range error below instead of parseArgs's "ambiguous" one.
    args: argv.flatMap((arg, i) =>
      arg === '--keep' && /^-\d/.test(argv[i + 1] ?? '')
        ? []
        : i > 0 && argv[i - 1] === '--keep' && /^-\d/.test(arg)
          ? [`--keep=${arg}`]
          : [arg],
    ),
    options: {
      keep: { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const args: BaselineArgs = { force: values.force, help: values.help };
  if (values.keep !== undefined) {
    const keep = /^\d+$/.test(values.keep) ? Number(values.keep) : Number.NaN;
    if (!Number.isInteger(keep) || keep < 1 || keep > MAX_KEEP)
      throw new UsageError(`--keep needs a whole number of runs from 1 to ${MAX_KEEP}, got "${values.keep}"`);
    args.keep = keep;
  }
  return args;
}
