import type { Argument, Group as ExpressionGroup } from '@cucumber/cucumber-expressions';
import {
  AttachmentContentEncoding,
  HookType,
  SourceMediaType,
  StepDefinitionPatternType,
  TestStepResultStatus,
  TimeConversion,
  version as protocolVersion,
  type Envelope,
  type Group,
  type SourceReference as MessageSourceReference,
  type StepMatchArgumentsList,
  type TestStep,
  type TestStepResult,
} from '@cucumber/messages';
import type { ParsedFeature } from './parse-features.js';
import type { SourceReference } from './source-reference.js';
import type { StepMatch } from './step-matcher.js';
import type { RunHookDefinition, StepDefinition, StepRegistry } from './step-registry.js';
import type {
  AttemptResult,
  Attachment,
  ErrorInfo,
  ExecutablePickle,
  ParseProblem,
  RunHookResult,
  RunReport,
  StepResult,
  StepStatus,
} from './types.js';

const STATUS: Record<StepStatus, TestStepResultStatus> = {
  passed: TestStepResultStatus.PASSED,
  failed: TestStepResultStatus.FAILED,
  skipped: TestStepResultStatus.SKIPPED,
  undefined: TestStepResultStatus.UNDEFINED,
  pending: TestStepResultStatus.PENDING,
  ambiguous: TestStepResultStatus.AMBIGUOUS,
};

/**
 * What the header describes, read in this order: `features` first (it may be a pass that parses the files as it
 * goes), then `unparsedSources` and `parseErrors`, complete once `features` has been gone through. A
 * {@link FeatureSet} is one.
 */
export interface HeaderSource {
  readonly features: Iterable<ParsedFeature>;
  readonly unparsedSources?: Iterable<{ readonly uri: string; readonly source: string }>;
  readonly parseErrors: readonly ParseProblem[];
}

/** Receives each envelope as soon as the run produces it. */
export type MessageSink = (envelope: Envelope) => void;

/**
 * Receives the run as NDJSON text as soon as it is produced: one call per envelope, the same bytes as
 * {@link toNdjsonLine} of the envelope a {@link MessageSink} would get, newline included.
 */
export type NdjsonSink = (line: string) => void;

/** Where a {@link MessageStream} writes: envelopes, or their NDJSON lines (built without the envelope objects where it can). */
export type MessageOutput = { readonly envelopes: MessageSink } | { readonly lines: NdjsonSink };

const TEST_RUN_STARTED_ID = 'run-0';

/**
 * Writes a run as Cucumber Messages while it happens, in protocol order: meta, sources, documents, pickles and
 * parse errors, definitions in registration order, `testRunStarted`, BeforeAll hooks, the test plan (one
 * `testCase` per selected pickle), each attempt as it finishes, AfterAll hooks and `testRunFinished`. Nothing is
 * kept per scenario, so a run of any size streams in bounded memory.
 */
export class MessageStream {
  readonly #sink: MessageSink;
  /** Set when the output is NDJSON text: the run's high-volume envelopes are then written as text directly. */
  readonly #lines: NdjsonSink | undefined;
  readonly #registry: StepRegistry;
  #runHookCount = 0;
  /** A test step's `"stepDefinitionIds":…,"stepMatchArgumentsLists":…` text per match (the matcher caches one per step text). */
  readonly #matchText = new WeakMap<StepMatch, string>();
  readonly #matchObjects = new WeakMap<StepMatch, Pick<TestStep, 'stepDefinitionIds' | 'stepMatchArgumentsLists'>>();

  constructor(output: MessageSink | MessageOutput, registry: StepRegistry) {
    if (typeof output === 'function') {
      this.#sink = output;
      this.#lines = undefined;
    } else if ('lines' in output) {
      const lines = output.lines;
      this.#sink = (envelope) => lines(toNdjsonLine(envelope));
      this.#lines = lines;
    } else {
      this.#sink = output.envelopes;
      this.#lines = undefined;
    }
    this.#registry = registry;
  }

  /**
   * Everything known before the run starts: meta, sources, documents, pickles, parse errors and definitions.
   * `pause` is asked after each feature file, so the output's backpressure bounds what is buffered.
   */
  async header(features: HeaderSource, pause?: () => Promise<void> | undefined): Promise<void> {
    const sink = this.#sink;
    sink({
      meta: {
        protocolVersion,
        implementation: { name: 'maestro-bdv', version: '0.1.0' },
        runtime: { name: 'node.js', version: process.versions.node },
        os: { name: process.platform },
        cpu: { name: process.arch },
      },
    });
    for (const feature of features.features) {
      sink({ source: { uri: feature.uri, data: feature.source, mediaType: mediaTypeOf(feature.uri) } });
      sink({ gherkinDocument: { ...feature.document, uri: feature.uri } });
      for (const pickle of feature.pickles) sink({ pickle });
      const wait = pause?.();
      if (wait !== undefined) await wait;
    }
    for (const unparsed of features.unparsedSources ?? []) {
      sink({ source: { uri: unparsed.uri, data: unparsed.source, mediaType: mediaTypeOf(unparsed.uri) } });
    }
    for (const problem of features.parseErrors) {
      const location =
        problem.column === undefined ? { line: problem.line } : { line: problem.line, column: problem.column };
      sink({ parseError: { source: { uri: problem.uri, location }, message: problem.message } });
    }
    this.#registry.matcher();
    for (const entry of this.#registry.definitions) {
      if (entry.kind === 'step') sink(stepDefinitionEnvelope(entry.definition));
      else if (entry.kind === 'parameterType') {
        const { id, name, regularExpressions, preferForRegularExpressionMatch, useForSnippets, sourceReference } =
          entry.definition;
        sink({
          parameterType: {
            id,
            name,
            regularExpressions: [...regularExpressions],
            preferForRegularExpressionMatch,
            useForSnippets,
            sourceReference: toMessageReference(sourceReference),
          },
        });
      } else {
        const hook = entry.definition;
        const type =
          hook.kind === 'Before'
            ? HookType.BEFORE_TEST_CASE
            : hook.kind === 'After'
              ? HookType.AFTER_TEST_CASE
              : hook.kind === 'BeforeAll'
                ? HookType.BEFORE_TEST_RUN
                : HookType.AFTER_TEST_RUN;
        const tags = 'tags' in hook ? hook.tags : undefined;
        sink({
          hook: {
            id: hook.id,
            type,
            ...(hook.name === undefined ? {} : { name: hook.name }),
            ...(tags === undefined ? {} : { tagExpression: tags }),
            sourceReference: toMessageReference(hook.sourceReference),
          },
        });
      }
    }
  }

  testRunStarted(startedAt: number): void {
    this.#sink({ testRunStarted: { id: TEST_RUN_STARTED_ID, timestamp: timestamp(startedAt) } });
  }

  /** `testRunHookStarted`; returns the id {@link runHookFinished} needs. */
  runHookStarted(hook: Pick<RunHookDefinition, 'id'>, startedAt: number): string {
    const id = `rh-${this.#runHookCount++}`;
    this.#sink({
      testRunHookStarted: {
        id,
        testRunStartedId: TEST_RUN_STARTED_ID,
        hookId: hook.id,
        timestamp: timestamp(startedAt),
      },
    });
    return id;
  }

  /** The hook's attachments, then `testRunHookFinished`. */
  runHookFinished(startedId: string, result: RunHookResult): void {
    for (const attachment of result.attachments ?? [])
      this.#sink({ attachment: { ...attachmentBody(attachment), testRunHookStartedId: startedId } });
    this.#sink({
      testRunHookFinished: {
        testRunHookStartedId: startedId,
        result: stepResult(result.status, result.durationMs, result.error),
        timestamp: timestamp(result.startedAt + result.durationMs),
      },
    });
  }

  /** A run hook that ran elsewhere (a worker thread): started, attachments and finished at once. */
  runHook(result: RunHookResult): void {
    this.runHookFinished(this.runHookStarted({ id: result.hookId }, result.startedAt), result);
  }

  /** The test plan: one `testCase` per pickle, in run order; `pause` is asked every 256 test cases. */
  async plan(items: Iterable<ExecutablePickle>, pause?: () => Promise<void> | undefined): Promise<void> {
    const matcher = this.#registry.matcher();
    let position = 0;
    for (const item of items) {
      if (position++ % 256 === 255) {
        const wait = pause?.();
        if (wait !== undefined) await wait;
      }
      const testCaseId = testCaseIdOf(item);
      const units = planUnits(item, this.#registry);
      const lines = this.#lines;
      if (lines !== undefined) {
        // The same text as the envelope below, written directly (key order included).
        let text = `{"testCase":{"id":${JSON.stringify(testCaseId)},"pickleId":${JSON.stringify(item.pickle.id)},"testSteps":[`;
        units.forEach((unit, index) => {
          const id = JSON.stringify(`${testCaseId}-s${index}`);
          if (index > 0) text += ',';
          if (unit.kind === 'hook') text += `{"id":${id},"hookId":${JSON.stringify(unit.id)}}`;
          else
            text += `{"id":${id},"pickleStepId":${JSON.stringify(unit.id)},${this.#matchFields(matcher.match(unit.text), unit.text)}}`;
        });
        lines(`${text}],"testRunStartedId":"${TEST_RUN_STARTED_ID}"}}\n`);
        continue;
      }
      const testSteps: TestStep[] = units.map((unit, index) => {
        const id = `${testCaseId}-s${index}`;
        if (unit.kind === 'hook') return { id, hookId: unit.id };
        return { id, pickleStepId: unit.id, ...this.#matchObject(matcher.match(unit.text), unit.text) };
      });
      this.#sink({
        testCase: { id: testCaseId, pickleId: item.pickle.id, testSteps, testRunStartedId: TEST_RUN_STARTED_ID },
      });
    }
  }

  /** Every attempt of one scenario; all but the last are marked `willBeRetried`. */
  attempts(item: ExecutablePickle, attempts: readonly AttemptResult[]): void {
    const units = planUnits(item, this.#registry);
    const last = attempts.length - 1;
    attempts.forEach((attempt, position) => this.#attempt(item, units, attempt, position < last));
  }

  /** The last message; `error` is what ended the run from outside any step or hook (Cucumber's test run exception). */
  testRunFinished(report: Pick<RunReport, 'status' | 'startedAt' | 'durationMs'>, error?: ErrorInfo): void {
    this.#sink({
      testRunFinished: {
        testRunStartedId: TEST_RUN_STARTED_ID,
        timestamp: timestamp(report.startedAt + report.durationMs),
        success: report.status === 'passed',
        ...(error === undefined
          ? {}
          : {
              message: error.message,
              exception: {
                type: error.name,
                message: error.message,
                ...(error.stack === undefined ? {} : { stackTrace: error.stack }),
              },
            }),
      },
    });
  }

  /** A test step's match as the `testCase` message has it (cached per match: test cases share its arrays). */
  #matchObject(match: StepMatch, text: string): Pick<TestStep, 'stepDefinitionIds' | 'stepMatchArgumentsLists'> {
    let fields = this.#matchObjects.get(match);
    if (fields === undefined) {
      fields = matchFields(match, text);
      this.#matchObjects.set(match, fields);
    }
    return fields;
  }

  /** A test step's match as the `testCase` message has it, as JSON object members (cached per match). */
  #matchFields(match: StepMatch, text: string): string {
    let fields = this.#matchText.get(match);
    if (fields === undefined) {
      // The matcher returns one object per step text (and one shared object for every undefined step).
      fields = JSON.stringify(matchFields(match, text)).slice(1, -1);
      this.#matchText.set(match, fields);
    }
    return fields;
  }

  #attempt(item: ExecutablePickle, units: readonly PlanUnit[], attempt: AttemptResult, willBeRetried: boolean): void {
    const sink = this.#sink;
    const lines = this.#lines;
    const testCaseId = testCaseIdOf(item);
    const startedId = `${testCaseId}-a${attempt.attempt}`;
    const startedIdText = JSON.stringify(startedId);
    if (lines !== undefined) {
      const worker = attempt.workerId === undefined ? '' : `,"workerId":${JSON.stringify(attempt.workerId)}`;
      lines(
        `{"testCaseStarted":{"id":${startedIdText},"testCaseId":${JSON.stringify(testCaseId)},"attempt":${numberText(attempt.attempt)},` +
          `"timestamp":${timeText(timestamp(attempt.startedAt))}${worker}}}\n`,
      );
    } else {
      sink({
        testCaseStarted: {
          id: startedId,
          testCaseId,
          attempt: attempt.attempt,
          timestamp: timestamp(attempt.startedAt),
          ...(attempt.workerId === undefined ? {} : { workerId: attempt.workerId }),
        },
      });
    }
    const bySource = new Map<string, StepResult>();
    let engineFailure: StepResult | undefined;
    for (const step of attempt.steps) {
      if (units.some((unit) => unit.id === step.sourceId)) bySource.set(step.sourceId, step);
      else engineFailure ??= step;
    }
    units.forEach((unit, index) => {
      const testStepId = `${testCaseId}-s${index}`;
      // A failure of the engine around the steps (world constructor, crashed worker) is reported on the first step.
      const step = index === 0 && engineFailure !== undefined ? engineFailure : bySource.get(unit.id);
      const startedAt = step?.startedAt ?? attempt.startedAt + attempt.durationMs;
      const testStepIdText = lines === undefined ? '' : JSON.stringify(testStepId);
      if (lines !== undefined) {
        lines(
          `{"testStepStarted":{"testCaseStartedId":${startedIdText},"testStepId":${testStepIdText},"timestamp":${timeText(timestamp(startedAt))}}}\n`,
        );
      } else sink({ testStepStarted: { testCaseStartedId: startedId, testStepId, timestamp: timestamp(startedAt) } });
      if (step?.snippets !== undefined && unit.kind === 'step') {
        sink({
          suggestion: {
            id: `${testStepId}-a${attempt.attempt}-suggestion`,
            pickleStepId: unit.id,
            snippets: step.snippets.map((code) => ({ language: 'javascript', code })),
          },
        });
      }
      for (const attachment of step?.attachments ?? [])
        sink({ attachment: { ...attachmentBody(attachment), testCaseStartedId: startedId, testStepId } });
      const durationMs = step?.durationMs ?? 0;
      if (lines !== undefined && step?.error === undefined) {
        const result = `{"status":"${STATUS[step?.status ?? 'skipped']}","duration":${timeText(duration(durationMs))}}`;
        lines(
          `{"testStepFinished":{"testCaseStartedId":${startedIdText},"testStepId":${testStepIdText},"testStepResult":${result},` +
            `"timestamp":${timeText(timestamp(startedAt + durationMs))}}}\n`,
        );
        return;
      }
      sink({
        testStepFinished: {
          testCaseStartedId: startedId,
          testStepId,
          testStepResult: stepResult(step?.status ?? 'skipped', durationMs, step?.error),
          timestamp: timestamp(startedAt + durationMs),
        },
      });
    });
    const finishedAt = timestamp(attempt.startedAt + attempt.durationMs);
    if (lines !== undefined) {
      lines(
        `{"testCaseFinished":{"testCaseStartedId":${startedIdText},"timestamp":${timeText(finishedAt)},"willBeRetried":${willBeRetried}}}\n`,
      );
    } else sink({ testCaseFinished: { testCaseStartedId: startedId, timestamp: finishedAt, willBeRetried } });
  }
}

/** One envelope as an NDJSON line. */
export function toNdjsonLine(envelope: Envelope): string {
  return `${JSON.stringify(envelope)}\n`;
}

/** Cucumber Messages as NDJSON text: one envelope per line. */
export function toNdjson(envelopes: Iterable<Envelope>): string {
  let text = '';
  for (const envelope of envelopes) text += toNdjsonLine(envelope);
  return text;
}

interface PlanUnit {
  readonly kind: 'hook' | 'step';
  /** Hook id or pickle step id. */
  readonly id: string;
  readonly text: string;
}

/** The test steps of a pickle in execution order: the Before hooks that apply, the steps, the After hooks that apply. */
export function planUnits(item: ExecutablePickle, registry: StepRegistry): PlanUnit[] {
  const units: PlanUnit[] = [];
  for (const hook of registry.beforeHooks)
    if (hook.appliesTo(item.tagNames)) units.push({ kind: 'hook', id: hook.id, text: '' });
  for (const step of item.pickle.steps) units.push({ kind: 'step', id: step.id, text: step.text });
  for (const hook of registry.afterHooks)
    if (hook.appliesTo(item.tagNames)) units.push({ kind: 'hook', id: hook.id, text: '' });
  return units;
}

function testCaseIdOf(item: ExecutablePickle): string {
  return `tc-${item.pickle.id}`;
}

function stepDefinitionEnvelope(step: StepDefinition): Envelope {
  if (step.undefinedParameterType !== undefined) return { undefinedParameterType: { ...step.undefinedParameterType } };
  return {
    stepDefinition: {
      id: step.id,
      pattern: {
        source: typeof step.pattern === 'string' ? step.pattern : step.pattern.source,
        type:
          typeof step.pattern === 'string'
            ? StepDefinitionPatternType.CUCUMBER_EXPRESSION
            : StepDefinitionPatternType.REGULAR_EXPRESSION,
      },
      sourceReference: toMessageReference(step.sourceReference),
    },
  };
}

/** The members of a `testCase` test step that say what its text matched. */
function matchFields(match: StepMatch, text: string): Pick<TestStep, 'stepDefinitionIds' | 'stepMatchArgumentsLists'> {
  const matched = match.kind === 'matched' ? [match.definition] : match.kind === 'ambiguous' ? match.definitions : [];
  return {
    stepDefinitionIds: matched.map((definition) => definition.id),
    stepMatchArgumentsLists: matched.map((definition) =>
      argumentsList(match.kind === 'matched' ? match.args : (definition.expression?.match(text) ?? [])),
    ),
  };
}

/** A number as JSON.stringify writes it. */
function numberText(n: number): string {
  return Number.isFinite(n) ? `${n}` : 'null';
}

/** A timestamp or duration as JSON.stringify writes it. */
function timeText(time: { seconds: number; nanos: number }): string {
  return `{"seconds":${numberText(time.seconds)},"nanos":${numberText(time.nanos)}}`;
}

function argumentsList(args: readonly Argument[]): StepMatchArgumentsList {
  return {
    stepMatchArguments: args.map((arg) => {
      const name = arg.parameterType.name;
      return { group: toGroup(arg.group), ...(name === undefined || name === '' ? {} : { parameterTypeName: name }) };
    }),
  };
}

function toGroup(group: ExpressionGroup): Group {
  const children = group.children ?? [];
  return {
    ...(group.start === undefined ? {} : { start: group.start }),
    ...(group.value === undefined ? {} : { value: group.value }),
    ...(children.length === 0 ? {} : { children: children.map(toGroup) }),
  };
}

function stepResult(status: StepStatus, durationMs: number, error: ErrorInfo | undefined): TestStepResult {
  const result: TestStepResult = { status: STATUS[status], duration: duration(durationMs) };
  if (error === undefined) return result;
  // An ambiguous step's error is the engine's explanation, not an exception the step raised.
  if (status === 'ambiguous') return { ...result, message: error.message };
  return {
    ...result,
    message: error.message,
    exception: {
      type: error.name,
      message: error.message,
      ...(error.stack === undefined ? {} : { stackTrace: error.stack }),
    },
  };
}

function attachmentBody(attachment: Attachment): Envelope['attachment'] & object {
  return {
    body: attachment.body,
    contentEncoding:
      attachment.contentEncoding === 'BASE64' ? AttachmentContentEncoding.BASE64 : AttachmentContentEncoding.IDENTITY,
    mediaType: attachment.mediaType,
    ...(attachment.fileName === undefined ? {} : { fileName: attachment.fileName }),
    timestamp: timestamp(attachment.timestamp),
  };
}

function toMessageReference(reference: SourceReference): MessageSourceReference {
  return {
    ...(reference.uri === undefined ? {} : { uri: reference.uri }),
    ...(reference.location === undefined ? {} : { location: { line: reference.location.line } }),
  };
}

function timestamp(epochMs: number): { seconds: number; nanos: number } {
  return TimeConversion.millisecondsSinceEpochToTimestamp(epochMs);
}

function duration(ms: number): { seconds: number; nanos: number } {
  return TimeConversion.millisecondsToDuration(Math.max(0, ms));
}

function mediaTypeOf(uri: string): SourceMediaType {
  return uri.endsWith('.md')
    ? SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_MARKDOWN
    : SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_PLAIN;
}
