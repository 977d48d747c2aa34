import type { Pickle } from '@cucumber/messages';

/** Outcome of one test step (a hook or a Gherkin step); same vocabulary as Cucumber. */
export type StepStatus = 'passed' | 'failed' | 'skipped' | 'undefined' | 'pending' | 'ambiguous';

/** A scenario's status is the worst of its steps' statuses. */
export type ScenarioStatus = StepStatus;

/** Overall outcome of a run. */
export type RunStatus = 'passed' | 'failed';

/** An error reduced to data, so it crosses worker threads and lands in JSON unchanged. */
export interface ErrorInfo {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly code?: string;
}

/** Something a step or hook attached (`this.attach`, `this.log`, `this.link`), as Cucumber's `attachment` message carries it. */
export interface Attachment {
  /** Text as is (`IDENTITY`), or binary data in base64 (`BASE64`). */
  readonly body: string;
  readonly contentEncoding: 'IDENTITY' | 'BASE64';
  readonly mediaType: string;
  readonly fileName?: string;
  /** Epoch milliseconds (fractional). */
  readonly timestamp: number;
}

/** One executed test step: a Gherkin step or a scenario hook. */
export interface StepResult {
  readonly kind: 'hook' | 'step';
  /** Pickle step id for steps, hook id for hooks. */
  readonly sourceId: string;
  /** Step text (for hooks: the hook's name or `Before`/`After`). */
  readonly text: string;
  readonly status: StepStatus;
  /** Epoch milliseconds (fractional) when the step started. */
  readonly startedAt: number;
  readonly durationMs: number;
  readonly error?: ErrorInfo;
  /** Step definitions that matched (several when ambiguous). */
  readonly definitionIds: readonly string[];
  /** Suggested step definition, for undefined steps (the first of {@link snippets}). */
  readonly snippet?: string;
  /** Every suggestion for an undefined step, one per expression Cucumber's generator proposes. */
  readonly snippets?: readonly string[];
  /** Text attached with `this.log(...)` while the step ran. */
  readonly logs?: readonly string[];
  /** Everything attached while the step ran (logs included), in order. */
  readonly attachments?: readonly Attachment[];
}

/** One execution of a scenario (retries and repeats produce several). */
export interface AttemptResult {
  readonly attempt: number;
  readonly status: ScenarioStatus;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly steps: readonly StepResult[];
  readonly workerId?: string;
}

/** Everything known about one pickle (an executable scenario or example row) after the run. */
export interface ScenarioResult {
  readonly pickleId: string;
  /** Stable identity used by the quarantine file: `uri:line name`. */
  readonly key: string;
  readonly uri: string;
  readonly name: string;
  readonly line: number;
  readonly tags: readonly string[];
  /** Status of the last attempt. */
  readonly status: ScenarioStatus;
  /** True when an earlier attempt failed and a retry passed. */
  readonly flaky: boolean;
  /** True when the quarantine file lists this scenario: its failure does not fail the run. */
  readonly quarantined: boolean;
  readonly attempts: readonly AttemptResult[];
}

/** A feature file that could not be parsed (or read): it contributes no scenario. */
export interface ParseProblem {
  readonly uri: string;
  readonly line: number;
  /** Omitted when the parser does not know it (an error at the end of the file). */
  readonly column?: number;
  /** The parser's message, `(line:column): ` prefix included, as Cucumber writes it. */
  readonly message: string;
}

/** One BeforeAll/AfterAll hook execution. */
export interface RunHookResult {
  readonly hookId: string;
  readonly kind: 'BeforeAll' | 'AfterAll';
  readonly status: StepStatus;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly error?: ErrorInfo;
  readonly attachments?: readonly Attachment[];
  readonly workerId?: string;
}

/** A BeforeAll/AfterAll hook that failed. */
export interface RunHookProblem {
  readonly hookId: string;
  readonly kind: 'BeforeAll' | 'AfterAll';
  readonly error: ErrorInfo;
  readonly workerId?: string;
}

export type StatusCounts = Record<StepStatus, number>;

/** The typed result of a run. Expected outcomes (failures included) are data, never exceptions. */
export interface RunReport {
  readonly status: RunStatus;
  /** True when the run's AbortSignal fired: scenarios not started are reported `skipped`. */
  readonly aborted: boolean;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly scenarios: readonly ScenarioResult[];
  readonly parseErrors: readonly ParseProblem[];
  readonly runHookErrors: readonly RunHookProblem[];
  /** Every BeforeAll/AfterAll hook execution (per worker thread with `--workers`). */
  readonly runHooks: readonly RunHookResult[];
  readonly counts: {
    readonly scenarios: StatusCounts;
    readonly steps: StatusCounts;
    readonly flaky: number;
    readonly quarantined: number;
    readonly retried: number;
  };
  /** Unique snippets for the undefined steps, in first-seen order. */
  readonly snippets: readonly string[];
  /** Step definitions that never match because their expression names an unknown parameter type. */
  readonly undefinedParameterTypes: readonly { readonly name: string; readonly expression: string }[];
}

/** Pickles (from the Gherkin compiler) plus what was learned while loading them. */
export interface ExecutablePickle {
  readonly pickle: Pickle;
  readonly key: string;
  readonly tagNames: readonly string[];
}
