import type {
  AttemptResult,
  ExecutablePickle,
  ParseProblem,
  RunHookProblem,
  RunHookResult,
  RunReport,
  ScenarioResult,
  StatusCounts,
  StepStatus,
} from './types.js';

/** Statuses that fail a run. Pending and undefined only count when the run is strict (the default). */
export function isFailingStatus(status: StepStatus, strict: boolean): boolean {
  return status === 'failed' || status === 'ambiguous' || (strict && (status === 'pending' || status === 'undefined'));
}

/** Joins a pickle with its attempts. A pickle that never ran (aborted run, failed BeforeAll) is `skipped`. */
export function toScenarioResult(
  item: ExecutablePickle,
  attempts: readonly AttemptResult[],
  quarantined: boolean,
): ScenarioResult {
  const last = attempts[attempts.length - 1];
  const status = last?.status ?? 'skipped';
  return {
    pickleId: item.pickle.id,
    key: item.key,
    uri: item.pickle.uri,
    name: item.pickle.name,
    line: item.pickle.location?.line ?? 0,
    tags: item.tagNames,
    status,
    flaky: attempts.length > 1 && status === 'passed',
    quarantined,
    attempts,
  };
}

export interface FinishReportInput {
  readonly parseErrors: readonly ParseProblem[];
  readonly runHookErrors: readonly RunHookProblem[];
  readonly runHooks: readonly RunHookResult[];
  readonly undefinedParameterTypes: RunReport['undefinedParameterTypes'];
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly aborted: boolean;
}

/** What a report keeps of each scenario (the counts always cover every scenario). */
export type ScenarioRetention =
  /** Every scenario with every step. */
  | 'all'
  /** Every scenario; one that passed at its first attempt without its steps. */
  | 'passed-without-steps'
  /** Only the scenarios that did not pass at their first attempt (with their steps); never-run ones are counted. */
  | 'problems';

/**
 * Builds a run's report as its scenarios finish: counts, snippets and the run's status are folded in as each one
 * is added, so what is kept per scenario is what `retention` asks for, and nothing for a `problems` report of a
 * passing scenario. Scenarios are listed in run order (their index), whatever order they finished in.
 */
export class ReportBuilder {
  readonly #strict: boolean;
  readonly #retention: ScenarioRetention;
  readonly #scenarios: { index: number; result: ScenarioResult }[] = [];
  readonly #scenarioCounts = emptyStatusCounts();
  readonly #stepCounts = emptyStatusCounts();
  /** Each snippet with the first scenario index it came from: listed in run order, whatever the finishing order. */
  readonly #snippets = new Map<string, number>();
  #flaky = 0;
  #quarantined = 0;
  #retried = 0;
  #failing = false;
  #sorted = true;

  constructor(strict: boolean, retention: ScenarioRetention = 'all') {
    this.#strict = strict;
    this.#retention = retention;
  }

  /** A scenario that ran (`attempts` non-empty) or never did (empty: counted `skipped`). */
  add(index: number, scenario: ScenarioResult): void {
    this.#scenarioCounts[scenario.status]++;
    if (scenario.flaky) this.#flaky++;
    if (scenario.quarantined) this.#quarantined++;
    if (scenario.attempts.length > 1) this.#retried++;
    if (!scenario.quarantined && isFailingStatus(scenario.status, this.#strict)) this.#failing = true;
    const last = scenario.attempts[scenario.attempts.length - 1];
    for (const step of last?.steps ?? []) {
      if (step.kind !== 'step') continue;
      this.#stepCounts[step.status]++;
      if (step.snippet !== undefined && !(index >= (this.#snippets.get(step.snippet) ?? Infinity)))
        this.#snippets.set(step.snippet, index);
    }
    const passedAtOnce = scenario.attempts.length === 1 && last?.status === 'passed';
    let kept: ScenarioResult | undefined = scenario;
    if (this.#retention === 'problems' && (passedAtOnce || scenario.attempts.length === 0)) kept = undefined;
    else if (this.#retention !== 'all' && passedAtOnce && last !== undefined)
      kept = { ...scenario, attempts: [{ ...last, steps: [] }] };
    if (kept === undefined) return;
    const previous = this.#scenarios[this.#scenarios.length - 1];
    if (previous !== undefined && previous.index > index) this.#sorted = false;
    this.#scenarios.push({ index, result: kept });
  }

  /** Scenarios added so far (kept or not). */
  get count(): number {
    return Object.values(this.#scenarioCounts).reduce((sum, n) => sum + n, 0);
  }

  /** The report: any parse error, run hook error or failing scenario fails the run, and so does an interrupt. */
  finish(input: FinishReportInput): RunReport {
    if (!this.#sorted) this.#scenarios.sort((a, b) => a.index - b.index);
    const passed =
      !this.#failing && !input.aborted && input.parseErrors.length === 0 && input.runHookErrors.length === 0;
    return {
      status: passed ? 'passed' : 'failed',
      aborted: input.aborted,
      startedAt: input.startedAt,
      durationMs: input.finishedAt - input.startedAt,
      scenarios: this.#scenarios.map((entry) => entry.result),
      parseErrors: input.parseErrors,
      runHookErrors: input.runHookErrors,
      runHooks: input.runHooks,
      undefinedParameterTypes: [...input.undefinedParameterTypes],
      counts: {
        scenarios: { ...this.#scenarioCounts },
        steps: { ...this.#stepCounts },
        flaky: this.#flaky,
        quarantined: this.#quarantined,
        retried: this.#retried,
      },
      snippets: [...this.#snippets].sort((a, b) => a[1] - b[1]).map(([snippet]) => snippet),
    };
  }
}

export function emptyStatusCounts(): StatusCounts {
  return { passed: 0, failed: 0, skipped: 0, undefined: 0, pending: 0, ambiguous: 0 };
}
