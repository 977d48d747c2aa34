import type { Envelope } from '@cucumber/messages';
import { describe, expect, it } from 'vitest';
import {
  FeatureFiles,
  createFeatureSet,
  createStepRegistry,
  runPickles,
  toNdjsonLine,
  type FeatureText,
  type ParsedFeature,
  type RunOptions,
  type StepRegistry,
} from './index.js';
import { createTickingClock } from './testing/ticking-clock.js';

// Every kind of Gherkin a pass must give back the same way: outlines, rules with backgrounds, tables, doc strings,
// tags, another language, a file that does not parse and one that is not text.
const SOURCES: Record<string, string> = {
  'a/cart.feature': [
    '@cart',
    'Feature: Cart',
    '  Background:',
    '    Given a basket with 2 apples',
    '  Scenario: eat one',
    '    When I eat 1',
    '    Then 1 apples are left',
    '  @slow',
    '  Scenario Outline: eat <n>',
    '    When I eat <n>',
    '    Then <left> apples are left',
    '    Examples:',
    '      | n | left |',
    '      | 1 | 1    |',
    '      | 2 | 0    |',
    '      | 1 | 5    |',
    '',
  ].join('\n'),
  'a/rules.feature': [
    'Feature: Rules',
    '  Rule: tables',
    '    Background:',
    '      Given a basket with 3 apples',
    '    Scenario: a table',
    '      Given these rows:',
    '        | a | b |',
    '        | 1 | 2 |',
    '    Scenario: a doc string',
    '      Given this text:',
    '        """',
    '        hello',
    '        """',
    '    Scenario: nobody wrote this step',
    '      Given a step nobody wrote',
    '',
  ].join('\n'),
  'b/broken.feature': 'Feature: Broken\n  Scenario: s\n    Given x\n    | a |\n    | 1 | 2 |\n',
  'b/fr.feature':
    '# language: fr\nFonctionnalité: Panier\n  Scénario: manger\n    Soit a basket with 4 apples\n    Quand I eat 4\n    Alors 0 apples are left\n',
};

function steps(): StepRegistry {
  const registry = createStepRegistry();
  const { Given, When, Then, Before } = registry.api;
  Before({ name: 'reset' }, () => undefined);
  Given('a basket with {int} apples', function (this: { apples: number }, n: number) {
    this.apples = n;
  });
  When('I eat {int}', function (this: { apples: number }, n: number) {
    this.apples -= n;
  });
  Then('{int} apples are left', function (this: { apples: number }, n: number) {
    if (this.apples !== n) throw new Error(`got ${this.apples}`);
  });
  Given('these rows:', () => undefined);
  Given('this text:', function (this: { log: (text: string) => void }, text: string) {
    this.log(text);
  });
  return registry;
}

function texts(): FeatureText[] {
  // Half as text, half as the UTF-8 bytes `openFeatureFiles` keeps (one with a byte order mark, which decoding drops).
  const list: FeatureText[] = Object.entries(SOURCES).map(([uri, source], index) =>
    index % 2 === 0
      ? { uri, source }
      : { uri, utf8: new Uint8Array(Buffer.from(index === 3 ? `\uFEFF${source}` : source, 'utf8')) },
  );
  list.splice(2, 0, {
    uri: 'b/binary.feature',
    unreadable: { uri: 'b/binary.feature', line: 1, message: 'the file is binary' },
  });
  return list;
}

/** NDJSON of a run on a clock that ticks once per reading, so two runs that do the same work write the same bytes. */
async function ndjsonOf(
  features: Parameters<typeof runPickles>[0],
  options: Partial<RunOptions> = {},
): Promise<string> {
  let text = '';
  await runPickles(features, {
    registry: steps(),
    clock: createTickingClock(1),
    timeOrigin: 1_700_000_000_000,
    onMessage: (envelope: Envelope) => (text += toNdjsonLine(envelope)),
    ...options,
  });
  return text;
}

describe('FeatureFiles', () => {
  it('gives every file the same ids on every pass, kept or parsed again', () => {
    const kept = new FeatureFiles(texts(), { retainParsedChars: Infinity });
    const reparsed = new FeatureFiles(texts(), { retainParsedChars: 0 });
    const first = [...reparsed.visit()];
    const second = [...reparsed.visit()];
    expect(second).toEqual(first);
    expect([...kept.visit()]).toEqual(first);
    expect(first.flatMap((visit) => visit.pickles.map((item) => item.pickle.id))).toHaveLength(8);
    expect(reparsed.parseErrors?.map((problem) => problem.uri)).toEqual(['b/binary.feature', 'b/broken.feature']);
  });

  it('keeps a suite parsed only when all its text is within the budget', () => {
    const size = texts().reduce(
      (sum, text) => sum + ('utf8' in text ? text.utf8.byteLength : 'source' in text ? text.source.length : 0),
      0,
    );
    const parsed = (files: FeatureFiles, keep = true): (ParsedFeature | undefined)[] =>
      [...files.visit({ keep })].map((visit) => visit.feature);
    const within = new FeatureFiles(texts(), { retainParsedChars: size });
    const first = parsed(within);
    expect(parsed(within).every((feature, index) => feature === first[index])).toBe(true);
    const over = new FeatureFiles(texts(), { retainParsedChars: size - 1 });
    const once = parsed(over);
    const again = parsed(over);
    expect(again.filter((feature, index) => feature !== undefined && feature === once[index])).toEqual([]);
    expect(again).toEqual(once);
    const single = new FeatureFiles(texts(), { retainParsedChars: Infinity });
    const onlyPass = parsed(single, false);
    expect(parsed(single)[0]).not.toBe(onlyPass[0]);
  });

  it('streams the same NDJSON whether the files are kept, parsed again, or loaded at once', async () => {
    const eager = await ndjsonOf(createFeatureSet(SOURCES));
    const reparsed = await ndjsonOf(new FeatureFiles(texts(), { retainParsedChars: 0 }));
    const partly = await ndjsonOf(new FeatureFiles(texts(), { retainParsedChars: 400 }));
    const kept = await ndjsonOf(new FeatureFiles(texts(), { retainParsedChars: Infinity }));
    // The binary file is reported by the loader, so only its parse error is extra here.
    const binaryError = `${JSON.stringify({ parseError: { source: { uri: 'b/binary.feature', location: { line: 1 } }, message: 'the file is binary' } })}\n`;
    expect(reparsed.replace(binaryError, '')).toBe(eager);
    expect(partly).toBe(reparsed);
    expect(kept).toBe(reparsed);
    expect(reparsed).toContain('"testRunFinished"');
    const tagged = await ndjsonOf(new FeatureFiles(texts(), { retainParsedChars: 0 }), { tags: '@slow or not @cart' });
    expect(tagged.replace(binaryError, '')).toBe(
      await ndjsonOf(createFeatureSet(SOURCES), { tags: '@slow or not @cart' }),
    );
  });

  it("counts every scenario in a 'problems' report and lists only those that did not pass", async () => {
    const all = await runPickles(new FeatureFiles(texts(), { retainParsedChars: 0 }), {
      registry: steps(),
      clock: createTickingClock(1),
      timeOrigin: 0,
    });
    const problems = await runPickles(new FeatureFiles(texts(), { retainParsedChars: 0 }), {
      registry: steps(),
      clock: createTickingClock(1),
      timeOrigin: 0,
      retain: 'problems',
    });
    expect(problems.counts).toEqual(all.counts);
    expect(problems.snippets).toEqual(all.snippets);
    expect(problems.status).toBe(all.status);
    expect(problems.parseErrors).toEqual(all.parseErrors);
    expect(all.scenarios).toHaveLength(8);
    expect(problems.scenarios.map((scenario) => scenario.name)).toEqual(['eat 1', 'nobody wrote this step']);
    expect(problems.scenarios).toEqual(all.scenarios.filter((scenario) => scenario.status !== 'passed'));
  });

  it('after an interrupt, counts the scenarios that never ran and still knows every parse error', async () => {
    const controller = new AbortController();
    const registry = steps();
    registry.api.Before({ name: 'interrupt' }, () => controller.abort(new Error('stop')));
    const report = await runPickles(new FeatureFiles(texts(), { retainParsedChars: 0 }), {
      registry,
      signal: controller.signal,
      retain: 'problems',
    });
    expect(report.aborted).toBe(true);
    expect(Object.values(report.counts.scenarios).reduce((sum, n) => sum + n, 0)).toBe(8);
    expect(report.counts.scenarios.skipped).toBe(7);
    expect(report.parseErrors.map((problem) => problem.uri)).toEqual(['b/binary.feature', 'b/broken.feature']);
  });

  it('parses each file only when the run reaches it, so the parsed suite is never all in memory', async () => {
    const events: string[] = [];
    const lazyTexts: FeatureText[] = ['one', 'two', 'three'].map((name) => ({
      uri: `${name}.feature`,
      get source(): string {
        events.push(`read ${name}`);
        return `Feature: ${name}\n  Scenario: ${name} a\n    Given a basket with 1 apples\n  Scenario: ${name} b\n    Given a basket with 2 apples\n`;
      },
    }));
    const report = await runPickles(new FeatureFiles(lazyTexts, { retainParsedChars: 0 }), {
      registry: steps(),
      retain: 'problems',
      onScenario: (scenario) => events.push(`ran ${scenario.name}`),
    });
    expect(report.counts.scenarios.passed).toBe(6);
    // Sizing the suite reads every text once, up front; then the one pass reads each file just before running it.
    expect(events.slice(3)).toEqual([
      'read one',
      'ran one a',
      'ran one b',
      'read two',
      'ran two a',
      'ran two b',
      'read three',
      'ran three a',
      'ran three b',
    ]);
  });
});
