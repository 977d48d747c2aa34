import type { Group as ExpressionGroup } from '@cucumber/cucumber-expressions';
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
  type StepMatchArgumentsList,
  type TestStep,
} from '@cucumber/messages';
import type { FeatureSet } from './parse-features.js';
import type { StepRegistry } from './step-registry.js';
import type { AttemptResult, ErrorInfo, RunReport, ScenarioResult, StepResult, StepStatus } from './types.js';

const STATUS: Record<StepStatus, TestStepResultStatus> = {
  passed: TestStepResultStatus.PASSED,
  failed: TestStepResultStatus.FAILED,
  skipped: TestStepResultStatus.SKIPPED,
  undefined: TestStepResultStatus.UNDEFINED,
  pending: TestStepResultStatus.PENDING,
  ambiguous: TestStepResultStatus.AMBIGUOUS,
};

/**
 * The run as Cucumber Messages, in protocol order: meta, sources, documents, pickles, parse errors,
 * definitions, then per test case its attempts with step results, and the run's end. A generator, so a large
 * run streams to NDJSON without building every envelope at once.
 */
export function* iterateMessages(report: RunReport, features: FeatureSet, registry: StepRegistry): Generator<Envelope> {
  yield {
    meta: {
      protocolVersion,
      implementation: { name: 'maestro-bdv', version: '0.1.0' },
      runtime: { name: 'node.js', version: process.versions.node },
      os: { name: process.platform },
      cpu: { name: process.arch },
    },
  };
  for (const feature of features.features) {
    yield { source: { uri: feature.uri, data: feature.source, mediaType: mediaTypeOf(feature.uri) } };
    yield { gherkinDocument: { ...feature.document, uri: feature.uri } };
    for (const pickle of feature.pickles) yield { pickle };
  }
  for (const problem of features.parseErrors) {
    yield {
      parseError: { source: { uri: problem.uri, location: { line: problem.line, column: problem.column } }, message: problem.message },
    };
  }
  for (const parameterType of registry.parameterTypes.parameterTypes) {
    if (parameterType.builtin === true || parameterType.name === undefined) continue;
    yield {
      parameterType: {
        id: `pt-${parameterType.name}`,
        name: parameterType.name,
        regularExpressions: [...parameterType.regexpStrings],
        preferForRegularExpressionMatch: parameterType.preferForRegexpMatch ?? false,
        useForSnippets: parameterType.useForSnippets ?? true,
      },
    };
  }
  for (const step of registry.steps) {
    yield {
      stepDefinition: {
        id: step.id,
        pattern: {
          source: typeof step.pattern === 'string' ? step.pattern : step.pattern.source,
          type: typeof step.pattern === 'string' ? StepDefinitionPatternType.CUCUMBER_EXPRESSION : StepDefinitionPatternType.REGULAR_EXPRESSION,
        },
        sourceReference: {},
      },
    };
  }
  for (const hook of [...registry.beforeHooks, ...registry.afterHooks]) {
    yield {
      hook: {
        id: hook.id,
        type: hook.kind === 'Before' ? HookType.BEFORE_TEST_CASE : HookType.AFTER_TEST_CASE,
        sourceReference: {},
        ...(hook.name === undefined ? {} : { name: hook.name }),
        ...(hook.tags === undefined ? {} : { tagExpression: hook.tags }),
      },
    };
  }
  for (const hook of [...registry.beforeAllHooks, ...registry.afterAllHooks]) {
    yield { hook: { id: hook.id, type: hook.kind === 'BeforeAll' ? HookType.BEFORE_TEST_RUN : HookType.AFTER_TEST_RUN, sourceReference: {} } };
  }
  // Steps that stand for an engine failure (world constructor, crashed worker) get a hook so references resolve.
  const knownHooks = new Set([...registry.beforeHooks, ...registry.afterHooks].map((hook) => hook.id));
  const syntheticHooks = new Set<string>();
  for (const scenario of report.scenarios) {
    for (const attempt of scenario.attempts) {
      for (const step of attempt.steps) {
        if (step.kind === 'hook' && !knownHooks.has(step.sourceId)) syntheticHooks.add(step.sourceId);
      }
    }
  }
  for (const id of syntheticHooks) yield { hook: { id, name: id, type: HookType.BEFORE_TEST_CASE, sourceReference: {} } };

  const testRunStartedId = 'run-0';
  yield { testRunStarted: { id: testRunStartedId, timestamp: timestamp(report.startedAt) } };
  for (const problem of report.runHookErrors) {
    const startedId = `rhs-${problem.hookId}-${problem.workerId ?? 'main'}`;
    yield { testRunHookStarted: { id: startedId, testRunStartedId, hookId: problem.hookId, timestamp: timestamp(report.startedAt) } };
    yield {
      testRunHookFinished: {
        testRunHookStartedId: startedId,
        result: { status: TestStepResultStatus.FAILED, duration: duration(0), exception: exception(problem.error), message: problem.error.message },
        timestamp: timestamp(report.startedAt),
      },
    };
  }
  const matcher = registry.matcher();
  for (const scenario of report.scenarios) yield* scenarioMessages(scenario, matcher, testRunStartedId);
  yield {
    testRunFinished: {
      success: report.status === 'passed',
      timestamp: timestamp(report.startedAt + report.durationMs),
      testRunStartedId,
    },
  };
}

/** Cucumber Messages as NDJSON text: one envelope per line. */
export function toNdjson(envelopes: Iterable<Envelope>): string {
  let text = '';
  for (const envelope of envelopes) text += `${JSON.stringify(envelope)}\n`;
  return text;
}

function* scenarioMessages(scenario: ScenarioResult, matcher: ReturnType<StepRegistry['matcher']>, testRunStartedId: string): Generator<Envelope> {
  const testCaseId = `tc-${scenario.pickleId}`;
  const stepIdBySource = new Map<string, string>();
  const testSteps: TestStep[] = [];
  for (const attempt of scenario.attempts) {
    for (const step of attempt.steps) {
      if (stepIdBySource.has(step.sourceId)) continue;
      const id = `${testCaseId}-s${testSteps.length}`;
      stepIdBySource.set(step.sourceId, id);
      testSteps.push(toTestStep(id, step, matcher));
    }
  }
  yield { testCase: { id: testCaseId, pickleId: scenario.pickleId, testSteps, testRunStartedId } };
  for (const step of testSteps) {
    if (step.pickleStepId === undefined) continue;
    const result = scenario.attempts[0]?.steps.find((s) => s.sourceId === step.pickleStepId);
    if (result?.snippet !== undefined) {
      yield { suggestion: { id: `${step.id}-suggestion`, pickleStepId: step.pickleStepId, snippets: [{ language: 'javascript', code: result.snippet }] } };
    }
  }
  const last = scenario.attempts.length - 1;
  for (const [position, attempt] of scenario.attempts.entries()) {
    yield* attemptMessages(attempt, testCaseId, stepIdBySource, position < last);
  }
}

function* attemptMessages(attempt: AttemptResult, testCaseId: string, stepIdBySource: ReadonlyMap<string, string>, willBeRetried: boolean): Generator<Envelope> {
  const startedId = `${testCaseId}-a${attempt.attempt}`;
  yield {
    testCaseStarted: {
      id: startedId,
      testCaseId,
      attempt: attempt.attempt,
      timestamp: timestamp(attempt.startedAt),
      ...(attempt.workerId === undefined ? {} : { workerId: attempt.workerId }),
    },
  };
  for (const step of attempt.steps) {
    const testStepId = stepIdBySource.get(step.sourceId) as string;
    yield { testStepStarted: { testCaseStartedId: startedId, testStepId, timestamp: timestamp(step.startedAt) } };
    for (const log of step.logs ?? []) {
      yield {
        attachment: {
          body: log,
          contentEncoding: AttachmentContentEncoding.IDENTITY,
          mediaType: 'text/x.cucumber.log+plain',
          testCaseStartedId: startedId,
          testStepId,
        },
      };
    }
    yield {
      testStepFinished: {
        testCaseStartedId: startedId,
        testStepId,
        testStepResult: {
          status: STATUS[step.status],
          duration: duration(step.durationMs),
          ...(step.error === undefined ? {} : { message: step.error.message, exception: exception(step.error) }),
        },
        timestamp: timestamp(step.startedAt + step.durationMs),
      },
    };
  }
  yield { testCaseFinished: { testCaseStartedId: startedId, timestamp: timestamp(attempt.startedAt + attempt.durationMs), willBeRetried } };
}

function toTestStep(id: string, step: StepResult, matcher: ReturnType<StepRegistry['matcher']>): TestStep {
  if (step.kind === 'hook') return { id, hookId: step.sourceId };
  const lists: StepMatchArgumentsList[] = [];
  const match = matcher.match(step.text);
  if (match.kind === 'matched') {
    lists.push({
      stepMatchArguments: match.args.map((arg) => ({
        group: toGroup(arg.group),
        ...(arg.parameterType.name === undefined ? {} : { parameterTypeName: arg.parameterType.name }),
      })),
    });
  }
  return { id, pickleStepId: step.sourceId, stepDefinitionIds: step.definitionIds, stepMatchArgumentsLists: lists };
}

function toGroup(group: ExpressionGroup): Group {
  return {
    children: (group.children ?? []).map(toGroup),
    ...(group.start === undefined ? {} : { start: group.start }),
    ...(group.value === undefined ? {} : { value: group.value }),
  };
}

function exception(error: ErrorInfo): { type: string; message: string; stackTrace?: string } {
  return { type: error.name, message: error.message, ...(error.stack === undefined ? {} : { stackTrace: error.stack }) };
}

function timestamp(epochMs: number): { seconds: number; nanos: number } {
  return TimeConversion.millisecondsSinceEpochToTimestamp(epochMs);
}

function duration(ms: number): { seconds: number; nanos: number } {
  return TimeConversion.millisecondsToDuration(Math.max(0, ms));
}

function mediaTypeOf(uri: string): SourceMediaType {
  return uri.endsWith('.md') ? SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_MARKDOWN : SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_PLAIN;
}
