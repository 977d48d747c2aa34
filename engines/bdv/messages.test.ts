import { TestStepResultStatus, parseEnvelope, type Envelope } from '@cucumber/messages';
import { describe, expect, it } from 'vitest';
import { createFeatureSet, createStepRegistry, runPickles, toNdjson, toNdjsonLine } from './index.js';
import { createTickingClock } from './testing/ticking-clock.js';

describe('Cucumber Messages output', () => {
  it('writes NDJSON that @cucumber/messages parses, with consistent ids, statuses and retries', async () => {
    const registry = createStepRegistry();
    const { Given, Before, defineParameterType } = registry.api;
    defineParameterType({ name: 'flag', regexp: /on|off/ });
    Before({ name: 'setup' }, () => undefined);
    let tries = 0;
    Given('the switch is {flag}', function (this: { log: (t: string) => void }) {
      this.log('switched');
    });
    Given('a flaky step', () => {
      if (++tries === 1) throw new Error('first time fails');
    });
    const features = createFeatureSet({
      'm.feature':
        'Feature: M\n  Scenario: a\n    Given the switch is on\n  Scenario: b\n    Given a flaky step\n  Scenario: c\n    Given nothing matches\n',
      'broken.feature': 'Feature: B\n  Scenario: s\n    Given x\n    | a |\n    | 1 | 2 |\n',
    });
    const produced: Envelope[] = [];
    await runPickles(features, { registry, retries: 1, onMessage: (envelope) => produced.push(envelope) });
    const ndjson = toNdjson(produced);
    const envelopes: Envelope[] = ndjson
      .trimEnd()
      .split('\n')
      .map((line) => parseEnvelope(line));

    expect(envelopes[0]?.meta?.implementation.name).toBe('maestro-bdv');
    expect(envelopes.filter((e) => e.pickle)).toHaveLength(3);
    expect(envelopes.filter((e) => e.parseError).map((e) => e.parseError?.source.uri)).toEqual(['broken.feature']);
    expect(envelopes.filter((e) => e.stepDefinition)).toHaveLength(2);
    expect(envelopes.filter((e) => e.parameterType).map((e) => e.parameterType?.name)).toEqual(['flag']);

    const testCases = new Map(envelopes.filter((e) => e.testCase).map((e) => [e.testCase!.id, e.testCase!]));
    const testSteps = new Set([...testCases.values()].flatMap((tc) => tc.testSteps.map((s) => s.id)));
    const started = envelopes.filter((e) => e.testCaseStarted).map((e) => e.testCaseStarted!);
    expect(started).toHaveLength(4); // a, b twice (retry), c
    for (const s of started) expect(testCases.has(s.testCaseId)).toBe(true);
    for (const e of envelopes.filter((x) => x.testStepFinished))
      expect(testSteps.has(e.testStepFinished!.testStepId)).toBe(true);
    expect(envelopes.filter((e) => e.testCaseFinished).map((e) => e.testCaseFinished!.willBeRetried)).toEqual([
      false,
      true,
      false,
      false,
    ]);

    const statuses = envelopes.filter((e) => e.testStepFinished).map((e) => e.testStepFinished!.testStepResult.status);
    expect(statuses).toContain(TestStepResultStatus.UNDEFINED);
    expect(statuses).toContain(TestStepResultStatus.FAILED);
    expect(envelopes.filter((e) => e.suggestion)[0]?.suggestion?.snippets[0]?.code).toContain(
      "Given('nothing matches'",
    );
    expect(envelopes.filter((e) => e.attachment).map((e) => e.attachment?.body)).toEqual(['switched']);

    const switchStep = [...testCases.values()][0]?.testSteps.find((s) => s.pickleStepId !== undefined);
    expect(switchStep?.stepMatchArgumentsLists?.[0]?.stepMatchArguments[0]).toMatchObject({
      parameterTypeName: 'flag',
      group: { value: 'on' },
    });
    const last = envelopes[envelopes.length - 1];
    expect(last?.testRunFinished?.success).toBe(false);
  });

  it('writes the same NDJSON bytes through onNdjson as toNdjsonLine makes of what onMessage gets', async () => {
    // Every kind of test step outcome, hooks, retries, attachments, parameters (nested groups too), doc strings.
    const run = async (output: 'envelopes' | 'lines'): Promise<string> => {
      const registry = createStepRegistry();
      const { Given, Before, After, BeforeAll, defineParameterType } = registry.api;
      defineParameterType({ name: 'flag', regexp: /on|off/ });
      BeforeAll(() => undefined);
      Before({ name: 'setup' }, () => undefined);
      After('@tagged', function (this: { attach: (data: string, mediaType: string) => void }) {
        this.attach('{"k":"v \\u00e9"}', 'application/json');
      });
      let tries = 0;
      Given('the switch is {flag}', function (this: { log: (t: string) => void }) {
        this.log('switched "quoted"\n');
      });
      Given(/^a (nested (\d+)) "([^"]*)"$/, () => undefined);
      Given('a flaky step', () => {
        if (++tries === 1) throw new Error('first time fails');
      });
      Given('a pending step', () => 'pending');
      Given('an ambiguous {int}', () => undefined);
      Given('an ambiguous {float}', () => undefined);
      const features = createFeatureSet({
        'm.feature':
          'Feature: M\n  @tagged\n  Scenario: a\n    Given the switch is on\n    And a nested 12 "é\\"x"\n  Scenario: b\n    Given a flaky step\n    And the switch is off\n' +
          '  Scenario: c\n    Given nothing matches\n    And a pending step\n  Scenario: d\n    Given a pending step\n    And the switch is on\n' +
          '  Scenario: e\n    Given an ambiguous 3\n    And the switch is on\n      """\n      doc\n      """\n',
        'broken.feature': 'Feature: B\n  Scenario: s\n    Given x\n    | a |\n    | 1 | 2 |\n',
      });
      let text = '';
      await runPickles(features, {
        registry,
        clock: createTickingClock(1.375),
        timeOrigin: 1_700_000_000_000,
        retries: 1,
        ...(output === 'lines'
          ? { onNdjson: (line: string) => void (text += line) }
          : { onMessage: (envelope: Envelope) => void (text += toNdjsonLine(envelope)) }),
      });
      return text;
    };
    const fromEnvelopes = await run('envelopes');
    const fromLines = await run('lines');
    expect(fromEnvelopes).toContain('"status":"AMBIGUOUS"');
    expect(fromEnvelopes).toContain('"status":"PENDING"');
    expect(fromEnvelopes).toContain('"willBeRetried":true');
    expect(fromLines.split('\n')).toEqual(fromEnvelopes.split('\n'));
  });

  it('ends the stream with testRunFinished carrying the exception when something outside the steps ends the run', async () => {
    const registry = createStepRegistry();
    registry.api.Given('a step', () => undefined);
    const features = createFeatureSet({
      'e.feature': 'Feature: E\n  Scenario: one\n    Given a step\n  Scenario: two\n    Given a step\n',
    });
    const produced: Envelope[] = [];
    const failure = await runPickles(features, {
      registry,
      onMessage: (envelope) => produced.push(envelope),
      onScenario: () => {
        throw new Error('Whoops!');
      },
    }).catch((error: unknown) => error);

    expect((failure as Error).message).toBe('Whoops!');
    const finished = produced.at(-1)?.testRunFinished;
    expect(finished).toMatchObject({
      success: false,
      message: 'Whoops!',
      exception: { type: 'Error', message: 'Whoops!' },
    });
    expect(finished?.exception?.stackTrace).toContain('Whoops!');
    expect(produced.filter((envelope) => envelope.testRunFinished)).toHaveLength(1);
  });
});
