import { parseCommandLine, UsageError } from '../../harness/command-line/index.js';
import type { SuiteName } from './workload-plan.js';

export interface BenchArgs {
  readonly quick: boolean;
  readonly suites: readonly SuiteName[];
  /** Overrides the mode's repetition count. */
  readonly repetitions: number | undefined;
  readonly seed: number;
  /** Keep the generated inputs (printed path) instead of deleting them. */
  readonly keep: boolean;
  /** Report folder (default reports/bench). */
  readonly outDir: string;
  readonly help: boolean;
}

const ALL_SUITES: readonly SuiteName[] = ['dag', 'bdv', 'acc', 'acc-cli', 'verdicts'];
/** Without --only: the engine comparisons (the verdicts replay takes several minutes of its own). */
const DEFAULT_SUITES: readonly SuiteName[] = ['dag', 'bdv', 'acc'];

export const USAGE = `Usage: npm run bench -- [--quick] [--only dag,bdv,acc,acc-cli] [--reps N] [--seed N] [--out DIR] [--keep]

  --quick        smaller sizes, 3 repetitions (a few minutes)
  --only LIST    run only these suites (comma-separated: dag, bdv, acc, acc-cli, verdicts; acc includes the
                 whole-process CLI rows and the incremental analysis workloads, at its largest size; acc-cli
                 is the whole-process rows alone; verdicts, the regression detector's
                 replay under a CPU hog, runs only when named; --reps sets its suite runs per load)
  --reps N       repetitions per contender (default 5, or 3 with --quick)
  --seed N       seed for every generated input (default 20240601)
  --out DIR      where the JSON and markdown reports go (default reports/bench)
  --keep         keep the generated inputs and print where they are
`;

/** Parses the bench's command line (node:util parseArgs); throws UsageError with a readable message on bad input. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const { values } = parseCommandLine({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      quick: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      only: { type: 'string' },
      reps: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string', default: 'reports/bench' },
    },
  });
  return {
    quick: values.quick,
    suites: values.only === undefined ? DEFAULT_SUITES : parseSuites(values.only),
    repetitions: values.reps === undefined ? undefined : positiveInteger('--reps', values.reps),
    seed: values.seed === undefined ? 20240601 : positiveInteger('--seed', values.seed),
    keep: values.keep,
    outDir: values.out,
    help: values.help,
  };
}

function parseSuites(text: string): SuiteName[] {
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = names.filter((n) => !(ALL_SUITES as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0)
    throw new UsageError(`--only takes ${ALL_SUITES.join(', ')}; got ${text}`);
  return ALL_SUITES.filter((s) => names.includes(s));
}

function positiveInteger(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} needs a positive integer, got ${text}`);
  return n;
}
