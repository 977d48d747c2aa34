import { describe, expect, it, vi } from 'vitest';
import { createManualClock } from '../common/index.js';
import {
  StepTimeoutError,
  TagExpressionError,
  createFeatureSet,
  createStepRegistry,
  runPickles,
  type DataTable,
  type RunReport,
  type StepRegistry,
} from './index.js';

function run(
  registry: StepRegistry,
  sources: Record<string, string>,
  options: Partial<Parameters<typeof runPickles>[1]> = {},
): Promise<RunReport> {
  return runPickles(createFeatureSet(sources), { registry, ...options });
}

function stepStatuses(report: RunReport, index = 0): string[] {
  const scenario = report.scenarios[index];
  const attempt = scenario?.attempts[scenario.attempts.length - 1];
  return (attempt?.steps ?? []).map((step) => `${step.kind}:${step.status}`);
}

describe('runPickles', () => {
  it('runs steps with Cucumber Expression arguments, a fresh world per scenario, and passes', async () => {
    const registry = createStepRegistry();
    const { Given, When, Then } = registry.api;
    const worlds = new Set<object>();
    Given('a basket with {int} apple(s)', function (this: { apples: number }, n: number) {
      worlds.add(this);
      expect(this.apples).toBeUndefined();
      this.apples = n;
    });
    When('I eat {int}', function (this: { apples: number }, n: number) {
      this.apples -= n;
    });
    Then(/^(\d+) apples? (?:is|are) left$/, function (this: { apples: number }, left: string) {
      if (this.apples !== Number(left)) throw new Error(`expected ${left}, got ${this.apples}`);
    });
    const report = await run(registry, {
      'a.feature': `Feature: Apples
  Scenario: eat one
    Given a basket with 3 apples
    When I eat 1
    Then 2 apples are left
  Scenario: eat all
    Given a basket with 1 apple
    When I eat 1
    Then 0 apples are left
`,
    });
    expect(report.status).toBe('passed');
    expect(report.counts.scenarios.passed).toBe(2);
    expect(report.counts.steps.passed).toBe(6);
    expect(worlds.size).toBe(2);
  });

  it('reports failed, skipped, pending, undefined (with snippet) and ambiguous steps', async () => {
    const registry = createStepRegistry();
    const { Given, When, Then, defineStep } = registry.api;
    Given('it breaks', () => {
      throw new Error('boom');
    });
    Given('it is not written yet', () => 'pending' as const);
    When('I skip', () => 'skipped' as const);
    Then('it passes', () => undefined);
    defineStep('a {word} thing', () => undefined);
    defineStep('a red thing', () => undefined);
    const report = await run(registry, {
      'statuses.feature': `Feature: Statuses
  Scenario: failed
    Given it breaks
    Then it passes
  Scenario: pending
    Given it is not written yet
    Then it passes
  Scenario: undefined
    Given I have 3 "red" cucumbers
    Then it passes
  Scenario: ambiguous
    Given a red thing
  Scenario: skipped
    When I skip
    Then it passes
`,
    });
    expect(report.scenarios.map((s) => s.status)).toEqual(['failed', 'pending', 'undefined', 'ambiguous', 'skipped']);
    expect(stepStatuses(report, 0)).toEqual(['step:failed', 'step:skipped']);
    expect(report.scenarios[0]?.attempts[0]?.steps[0]?.error?.message).toBe('boom');
    const undefinedStep = report.scenarios[2]?.attempts[0]?.steps[0];
    expect(undefinedStep?.status).toBe('undefined');
    expect(undefinedStep?.snippet).toContain("Given('I have {int} {string} cucumbers', function (int, string) {");
    expect(report.snippets).toHaveLength(1);
    const ambiguous = report.scenarios[3]?.attempts[0]?.steps[0];
    expect(ambiguous?.definitionIds).toHaveLength(2);
    expect(ambiguous?.error?.message).toContain('matches 2 step definitions');
    expect(report.status).toBe('failed');
  });

  it('treats pending and undefined as passing when not strict, but never failed or ambiguous', async () => {
    const registry = createStepRegistry();
    registry.api.Given('later', () => 'pending' as const);
    const sources = { 'p.feature': 'Feature: P\n  Scenario: s\n    Given later\n    And nobody wrote this\n' };
    expect((await run(registry, sources, { strict: false })).status).toBe('passed');
    expect((await run(registry, sources, { strict: true })).status).toBe('failed');
  });

  it('runs Before/After hooks in order, filters them by tags, and runs After hooks after a failure', async () => {
    const registry = createStepRegistry();
    const { Before, After, BeforeAll, AfterAll, Given } = registry.api;
    const calls: string[] = [];
    BeforeAll(() => void calls.push('BeforeAll'));
    AfterAll(() => void calls.push('AfterAll'));
    Before(() => void calls.push('Before'));
    Before('@db', () => void calls.push('Before @db'));
    After({ tags: 'not @db', name: 'cleanup' }, () => void calls.push('After not @db'));
    After((scenario) => void calls.push(`After ${scenario.name} ${scenario.status}`));
    Given('step {string}', (name: string) => {
      calls.push(`step ${name}`);
      if (name === 'bad') throw new Error('bad');
    });
    const report = await run(registry, {
      'hooks.feature': `Feature: Hooks
  @db
  Scenario: one
    Given step "a"
  Scenario: two
    Given step "bad"
    And step "never"
`,
    });
    expect(calls).toEqual([
      'BeforeAll',
      'Before',
      'Before @db',
      'step a',
      'After one passed',
      'Before',
      'step bad',
      // After hooks run in reverse definition order, as in cucumber-js.
      'After two failed',
      'After not @db',
      'AfterAll',
    ]);
    expect(stepStatuses(report, 1)).toEqual([
      'hook:passed',
      'step:failed',
      'step:skipped',
      'hook:passed',
      'hook:passed',
    ]);
  });

  it('skips the steps after a failing Before hook and fails on a failing After hook', async () => {
    const registry = createStepRegistry();
    const { Before, After, Given } = registry.api;
    let ran = 0;
    Before('@broken-setup', () => {
      throw new Error('setup failed');
    });
    After('@broken-teardown', () => {
      throw new Error('teardown failed');
    });
    Given('work', () => void ran++);
    const report = await run(registry, {
      'h.feature': `Feature: H
  @broken-setup
  Scenario: setup
    Given work
  @broken-teardown
  Scenario: teardown
    Given work
`,
    });
    expect(stepStatuses(report, 0)).toEqual(['hook:failed', 'step:skipped']);
    expect(stepStatuses(report, 1)).toEqual(['step:passed', 'hook:failed']);
    expect(report.scenarios.map((s) => s.status)).toEqual(['failed', 'failed']);
    expect(ran).toBe(1);
  });

  it('expands outlines, passes data tables and doc strings, and inherits tags through Rule and Examples', async () => {
    const registry = createStepRegistry();
    const { Given, Then } = registry.api;
    const seen: unknown[] = [];
    Given('the users', (table: DataTable) => void seen.push(table.hashes()));
    Given('the payload', (doc: string) => void seen.push(doc));
    Then('{int} plus {int} is {int}', (a: number, b: number, sum: number) => {
      if (a + b !== sum) throw new Error(`${a}+${b}!=${sum}`);
    });
    const report = await run(
      registry,
      {
        'o.feature': `@feature
Feature: Outline
  Background:
    Given the users
      | name | role  |
      | ann  | admin |

  Rule: arithmetic
    @rule
    Scenario Outline: add <a> and <b>
      Then <a> plus <b> is <sum>

      @good
      Examples: right
        | a | b | sum |
        | 1 | 2 | 3   |
        | 2 | 2 | 4   |

      @bad
      Examples: wrong
        | a | b | sum |
        | 1 | 1 | 3   |

  Scenario: payload
    Given the payload
      """json
      {"ok": true}
      """
`,
      },
      { tags: '@feature and not @bad' },
    );
    expect(report.scenarios.map((s) => s.name)).toEqual(['add 1 and 2', 'add 2 and 2', 'payload']);
    expect(report.scenarios[0]?.tags).toEqual(['@feature', '@rule', '@good']);
    expect(report.status).toBe('passed');
    expect(seen).toContainEqual([{ name: 'ann', role: 'admin' }]);
    expect(seen).toContain('{"ok": true}');
  });

  it('runs a French feature file (# language: fr)', async () => {
    const registry = createStepRegistry();
    const { Given, Then } = registry.api;
    Given('un panier avec {int} pommes', function (this: { n: number }, n: number) {
      this.n = n;
    });
    Then('il reste {int} pommes', function (this: { n: number }, n: number) {
      if (this.n !== n) throw new Error('mauvais compte');
    });
    const report = await run(registry, {
      'fr.feature': `# language: fr
Fonctionnalité: Panier
  Scénario: compter
    Soit un panier avec 3 pommes
    Alors il reste 3 pommes
`,
    });
    expect(report.status).toBe('passed');
    expect(report.counts.steps.passed).toBe(2);
  });

  it('supports custom parameter types', async () => {
    const registry = createStepRegistry();
    const { Given, defineParameterType } = registry.api;
    const colours: unknown[] = [];
    Given('a {colour} ball', (colour: { name: string }) => void colours.push(colour));
    // Defined after the step that uses it: expressions compile when the run starts.
    defineParameterType({ name: 'colour', regexp: /red|blue/, transformer: (name) => ({ name }) });
    const report = await run(registry, {
      'c.feature': 'Feature: C\n  Scenario: s\n    Given a red ball\n    Given a green ball\n',
    });
    expect(colours).toEqual([{ name: 'red' }]);
    expect(stepStatuses(report)).toEqual(['step:passed', 'step:undefined']);
  });

  it('fails a hanging async step at its timeout on the injected clock and aborts the world signal', async () => {
    const clock = createManualClock();
    const registry = createStepRegistry();
    const { Given } = registry.api;
    let signal: AbortSignal | undefined;
    Given('it hangs', { timeoutMs: 1_000 }, function (this: { signal: AbortSignal }) {
      signal = this.signal;
      return new Promise<void>(() => undefined);
    });
    Given('it is quick', async () => undefined);
    const pending = run(
      registry,
      { 't.feature': 'Feature: T\n  Scenario: s\n    Given it is quick\n    Given it hangs\n    Given it is quick\n' },
      { clock, timeOrigin: 1_700_000_000_000 },
    );
    // The hanging step has started once it has read its signal; its timeout is then the one timer on the clock.
    await vi.waitFor(() => expect(signal).toBeDefined(), { timeout: 30_000 });
    expect(clock.pending()).toBe(1);
    clock.advance(999);
    expect(signal?.aborted).toBe(false);
    clock.advance(2);
    const report = await pending;
    expect(stepStatuses(report)).toEqual(['step:passed', 'step:failed', 'step:skipped']);
    const failed = report.scenarios[0]?.attempts[0]?.steps[1];
    expect(failed?.error?.name).toBe(new StepTimeoutError(1, 'x').name);
    expect(failed?.error?.message).toContain('timed out after 1000 ms');
    // Timestamps are the epoch origin plus the clock's readings: the step started at 0 and failed when it read 1001.
    expect(failed?.startedAt).toBe(1_700_000_000_000);
    expect(failed?.durationMs).toBe(1_001);
    expect(signal?.aborted).toBe(true);
    expect(clock.pending()).toBe(0);
  });

  it('stamps the report with epoch times, on the system clock and on an injected one without a time origin', async () => {
    const registry = createStepRegistry();
    registry.api.Given('a step', () => undefined);
    const sources = { 'e.feature': 'Feature: E\n  Scenario: s\n    Given a step\n' };
    for (const options of [{}, { clock: createManualClock() }]) {
      const before = Date.now();
      const report = await run(registry, sources, options);
      // performance.timeOrigin and Date.now() may drift apart by NTP slews; a monotonic reading would be ~1e12 off.
      expect(Math.abs(report.startedAt - before)).toBeLessThan(600_000);
      expect(report.durationMs).toBeGreaterThanOrEqual(0);
      expect(report.scenarios[0]?.attempts[0]?.steps[0]?.startedAt).toBeGreaterThanOrEqual(report.startedAt);
    }
  });

  it('retries a failed scenario and marks it flaky when a retry passes', async () => {
    const registry = createStepRegistry();
    let calls = 0;
    registry.api.Given('it fails twice', () => {
      calls++;
      if (calls <= 2) throw new Error(`failure ${calls}`);
    });
    registry.api.Given('it always fails', () => {
      throw new Error('always');
    });
    const report = await run(
      registry,
      {
        'r.feature':
          'Feature: R\n  Scenario: flaky\n    Given it fails twice\n  Scenario: broken\n    Given it always fails\n',
      },
      { retries: 2 },
    );
    const [flaky, broken] = report.scenarios;
    expect(flaky?.attempts.map((a) => a.status)).toEqual(['failed', 'failed', 'passed']);
    expect(flaky?.flaky).toBe(true);
    expect(flaky?.status).toBe('passed');
    expect(broken?.attempts).toHaveLength(3);
    expect(broken?.flaky).toBe(false);
    expect(report.counts.flaky).toBe(1);
    expect(report.counts.retried).toBe(2);
  });

  it('honours the quarantine: a quarantined failure does not fail the run', async () => {
    const registry = createStepRegistry();
    registry.api.Given('it fails', () => {
      throw new Error('known flake');
    });
    const features = createFeatureSet({ 'q.feature': 'Feature: Q\n  Scenario: flaky one\n    Given it fails\n' });
    const key = features.pickles[0]?.key as string;
    const without = await runPickles(features, { registry });
    const withQuarantine = await runPickles(features, { registry, quarantine: new Set([key]) });
    expect(without.status).toBe('failed');
    expect(withQuarantine.status).toBe('passed');
    expect(withQuarantine.scenarios[0]?.status).toBe('failed');
    expect(withQuarantine.scenarios[0]?.quarantined).toBe(true);
    expect(withQuarantine.counts.quarantined).toBe(1);
  });

  it('runs asynchronous scenarios concurrently up to the limit', async () => {
    const registry = createStepRegistry();
    let active = 0;
    let peak = 0;
    registry.api.Given('an async step', async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setImmediate(resolve));
      active--;
    });
    const scenarios = Array.from({ length: 12 }, (_, i) => `  Scenario: s${i}\n    Given an async step\n`).join('');
    const report = await run(registry, { 'c.feature': `Feature: C\n${scenarios}` }, { concurrency: 4 });
    expect(report.counts.scenarios.passed).toBe(12);
    expect(peak).toBe(4);
  });

  it('skips every scenario when BeforeAll fails and reports the hook', async () => {
    const registry = createStepRegistry();
    let ran = false;
    registry.api.BeforeAll(() => {
      throw new Error('no database');
    });
    registry.api.Given('x', () => void (ran = true));
    const report = await run(registry, { 'b.feature': 'Feature: B\n  Scenario: s\n    Given x\n' });
    expect(ran).toBe(false);
    expect(report.runHookErrors[0]?.error.message).toBe('no database');
    expect(report.scenarios[0]?.status).toBe('skipped');
    expect(report.status).toBe('failed');
  });

  it('rejects an invalid tag expression as misuse', async () => {
    const registry = createStepRegistry();
    await expect(
      run(registry, { 'x.feature': 'Feature: X\n  Scenario: s\n    Given x\n' }, { tags: '@a and (' }),
    ).rejects.toBeInstanceOf(TagExpressionError);
  });

  it('stops scheduling scenarios once the signal aborts', async () => {
    const registry = createStepRegistry();
    const controller = new AbortController();
    let ran = 0;
    registry.api.Given('x', async () => {
      ran++;
      if (ran === 2) controller.abort();
    });
    const scenarios = Array.from({ length: 5 }, (_, i) => `  Scenario: s${i}\n    Given x\n`).join('');
    const report = await run(registry, { 'a.feature': `Feature: A\n${scenarios}` }, { signal: controller.signal });
    expect(ran).toBe(2);
    expect(report.aborted).toBe(true);
    expect(report.status).toBe('failed');
    expect(report.scenarios.filter((s) => s.attempts.length === 0)).toHaveLength(3);
  });
});
