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

export class BenchUsageError extends Error {
  override readonly name = 'BenchUsageError';
  readonly code = 'BENCH_USAGE';
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

/** Parses the bench's command line; throws BenchUsageError with a readable message on bad input. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  let quick = false;
  let keep = false;
  let help = false;
  let suites: readonly SuiteName[] = DEFAULT_SUITES;
  let repetitions: number | undefined;
  let seed = 20240601;
  let outDir = 'reports/bench';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new BenchUsageError(`${arg} needs a value`);
      return next;
    };
    switch (arg) {
      case '--quick':
        quick = true;
        break;
      case '--keep':
        keep = true;
        break;
      case '--help':
      case '-h':
        help = true;
        break;
      case '--only':
        suites = parseSuites(value());
        break;
      case '--reps':
        repetitions = positiveInteger(arg, value());
        break;
      case '--seed':
        seed = positiveInteger(arg, value());
        break;
      case '--out':
        outDir = value();
        break;
      default:
        throw new BenchUsageError(`unknown argument ${arg}`);
    }
  }
  return { quick, suites, repetitions, seed, keep, outDir, help };
}

function parseSuites(text: string): SuiteName[] {
  const names = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = names.filter((n) => !(ALL_SUITES as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0) throw new BenchUsageError(`--only takes ${ALL_SUITES.join(', ')}; got ${text}`);
  return ALL_SUITES.filter((s) => names.includes(s));
}

function positiveInteger(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new BenchUsageError(`${flag} needs a positive integer, got ${text}`);
  return n;
}
