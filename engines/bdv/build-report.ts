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
export function toScenarioResult(item: ExecutablePickle, attempts: readonly AttemptResult[], quarantined: boolean): ScenarioResult {
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

export interface BuildReportInput {
  readonly scenarios: readonly ScenarioResult[];
  readonly parseErrors: readonly ParseProblem[];
  readonly runHookErrors: readonly RunHookProblem[];
  readonly runHooks: readonly RunHookResult[];
  readonly undefinedParameterTypes: RunReport['undefinedParameterTypes'];
  /** Steps of scenarios whose step results were not kept (`retainPassedSteps: false`), counted already. */
  readonly droppedStepCounts?: StatusCounts;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly strict: boolean;
  readonly aborted: boolean;
}

/** Counts statuses and decides the run's status: any parse error, run hook error or failing scenario fails it. */
export function buildReport(input: BuildReportInput): RunReport {
  const scenarioCounts = emptyStatusCounts();
  const stepCounts = { ...(input.droppedStepCounts ?? emptyStatusCounts()) };
  const snippets = new Set<string>();
  let flaky = 0;
  let quarantined = 0;
  let retried = 0;
  let failing = false;
  for (const scenario of input.scenarios) {
    scenarioCounts[scenario.status]++;
    if (scenario.flaky) flaky++;
    if (scenario.quarantined) quarantined++;
    if (scenario.attempts.length > 1) retried++;
    if (!scenario.quarantined && isFailingStatus(scenario.status, input.strict)) failing = true;
    const last = scenario.attempts[scenario.attempts.length - 1];
    for (const step of last?.steps ?? []) {
      if (step.kind !== 'step') continue;
      stepCounts[step.status]++;
      if (step.snippet !== undefined) snippets.add(step.snippet);
    }
  }
  const passed = !failing && !input.aborted && input.parseErrors.length === 0 && input.runHookErrors.length === 0;
  return {
    status: passed ? 'passed' : 'failed',
    aborted: input.aborted,
    startedAt: input.startedAt,
    durationMs: input.finishedAt - input.startedAt,
    scenarios: input.scenarios,
    parseErrors: input.parseErrors,
    runHookErrors: input.runHookErrors,
    runHooks: input.runHooks,
    undefinedParameterTypes: [...input.undefinedParameterTypes],
    counts: { scenarios: scenarioCounts, steps: stepCounts, flaky, quarantined, retried },
    snippets: [...snippets],
  };
}

export function emptyStatusCounts(): StatusCounts {
  return { passed: 0, failed: 0, skipped: 0, undefined: 0, pending: 0, ambiguous: 0 };
}
