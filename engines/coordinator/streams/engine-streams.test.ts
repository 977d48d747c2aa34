import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArchitectureRules } from '../../acc/index.js';
import { createManualClock } from '../../common/index.js';
import { createStepRegistry } from '../../bdv/index.js';
import { defineWorkflow } from '../../dag/index.js';
import { runValidationStreams } from '../index.js';
import { createAccStream, createBdvStream, createDdeStream } from './index.js';

/** Real engines behind every stream: a workflow that computes, scenarios that check a calculator, a code base. */

function calculatorSteps() {
  const registry = createStepRegistry();
  const { Given, When, Then } = registry.api;
  Given('the numbers {int} and {int}', function (this: { a: number; b: number }, a: number, b: number) {
    this.a = a;
    this.b = b;
  });
  When('I add them', function (this: { a: number; b: number; sum: number }) {
    this.sum = this.a + this.b;
  });
  Then('the sum is {int}', function (this: { sum: number }, expected: number) {
    if (this.sum !== expected) throw new Error(`expected ${expected}, got ${this.sum}`);
  });
  return registry;
}

const feature = (expectedSum: number): string => `Feature: Calculator
  Scenario: adding
    Given the numbers 2 and 3
    When I add them
    Then the sum is ${expectedSum}
`;

const rules = parseArchitectureRules(`components:
  - { name: UI, paths: ["src/ui/**"] }
  - { name: Data, paths: ["src/data/**"] }
rules:
  - { id: no-up, type: MUST_NOT_CALL, component: Data, targets: [UI], severity: blocking }
`);

describe('engine-backed streams', () => {
  let root: string;
  let cleanCode: string;
  let erodedCode: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'coordinator-streams-'));
    const write = (file: string, text: string): void => {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
    };
    cleanCode = path.join(root, 'clean');
    write(
      path.join(cleanCode, 'src/ui/view.ts'),
      "import { load } from '../data/store';\nexport const view = () => load();\n",
    );
    write(path.join(cleanCode, 'src/data/store.ts'), 'export const load = () => 1;\n');
    erodedCode = path.join(root, 'eroded');
    write(
      path.join(erodedCode, 'src/ui/view.ts'),
      "import { load } from '../data/store';\nexport const view = () => load();\n",
    );
    write(
      path.join(erodedCode, 'src/data/store.ts'),
      "import { view } from '../ui/view';\nexport const load = () => 1;\nexport const again = () => view();\n",
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const workspaceRoot = (): string => path.join(root, 'workspaces');

  it('all three engines pass -> ALL_PASS, with typed details from each engine', async () => {
    const workflow = defineWorkflow('build-test')
      .node('build', () => Promise.resolve({ files: 3 }))
      .node(
        'test',
        (input) => Promise.resolve({ passed: (input.dependencies['build'] as { files: number }).files === 3 }),
        {
          dependsOn: ['build'],
        },
      )
      .build();
    const report = await runValidationStreams(
      {
        DDE: createDdeStream({ workflow }),
        BDV: createBdvStream({ sources: { 'calc.feature': feature(5) }, registry: calculatorSteps() }),
        ACC: createAccStream({ root: cleanCode, rules }),
      },
      { workspaceRoot: workspaceRoot() },
    );
    expect(report.verdict).toBe('ALL_PASS');
    expect(report.deployable).toBe(true);
    const { DDE, BDV, ACC } = report.streams;
    if (DDE.status !== 'passed' || BDV.status !== 'passed' || ACC.status !== 'passed')
      throw new Error('expected all passed');
    expect(DDE.details).toMatchObject({ status: 'COMPLETED', counts: { COMPLETED: 2 } });
    expect(BDV.details.counts.scenarios.passed).toBe(1);
    expect(ACC.details).toMatchObject({ compliant: true, violationCount: 0, filesScanned: 2 });
  });

  it('the engines time their work on the coordinator clock: a clock that never moves gives 0 ms everywhere', async () => {
    // On the system clock these durations are real elapsed time (file writes, step calls); 0 shows the engines read
    // the injected clock, not performance.now().
    const clock = createManualClock(1_000);
    const workflow = defineWorkflow('timed')
      .node('build', () => Promise.resolve(1))
      .build();
    const report = await runValidationStreams(
      {
        DDE: createDdeStream({ workflow }),
        BDV: createBdvStream({ sources: { 'calc.feature': feature(5) }, registry: calculatorSteps() }),
        ACC: createAccStream({ root: cleanCode, rules }),
      },
      { workspaceRoot: workspaceRoot(), clock },
    );
    const { DDE, BDV } = report.streams;
    if (DDE.status !== 'passed' || BDV.status !== 'passed') throw new Error('expected DDE and BDV to pass');
    expect(DDE.details.durationMs).toBe(0);
    expect(BDV.details.durationMs).toBe(0);
    expect(DDE.durationMs).toBe(0);
  });

  it('a failing scenario, a failing node and an eroded code base are each reported by their own stream', async () => {
    const workflow = defineWorkflow('deploy')
      .node('build', () => Promise.resolve('ok'))
      .node('migrate', () => Promise.reject(new Error('migration 42 failed')), { dependsOn: ['build'] })
      .node('release', () => Promise.resolve('released'), { dependsOn: ['migrate'] })
      .build();
    const report = await runValidationStreams(
      {
        DDE: createDdeStream({ workflow }),
        BDV: createBdvStream({ sources: { 'calc.feature': feature(6) }, registry: calculatorSteps() }),
        ACC: createAccStream({ root: erodedCode, rules }),
      },
      { workspaceRoot: workspaceRoot() },
    );
    expect(report.verdict).toBe('SYSTEMIC_FAILURE');
    expect(report.streams.DDE).toMatchObject({
      reason: 'checksFailed',
      details: {
        status: 'FAILED',
        failures: [
          { id: 'migrate', status: 'FAILED', cause: 'migration 42 failed' },
          { id: 'release', status: 'BLOCKED', cause: 'blocked by migrate' },
        ],
      },
    });
    expect(report.streams.BDV).toMatchObject({
      reason: 'checksFailed',
      details: { failures: [{ status: 'failed', message: 'expected 6, got 5' }] },
    });
    expect(report.streams.ACC).toMatchObject({ reason: 'checksFailed', details: { compliant: false } });
    const acc = report.streams.ACC;
    expect(
      acc.details?.violations.some(
        (violation) => violation.ruleId === 'no-up' && violation.sourceFile === 'src/data/store.ts',
      ),
    ).toBe(true);
  });

  it('bad input to each engine becomes badInput, never a crash', async () => {
    const cyclic = defineWorkflow('cyclic')
      .node('a', () => Promise.resolve(1), { dependsOn: ['b'] })
      .node('b', () => Promise.resolve(2), { dependsOn: ['a'] })
      .build();
    const report = await runValidationStreams(
      {
        DDE: createDdeStream({ workflow: cyclic }),
        BDV: createBdvStream({
          sources: { 'broken.feature': 'Feature: x\n  Scenario: y\n    Given a\n  Oops not gherkin\n' },
          registry: calculatorSteps(),
        }),
        ACC: createAccStream({ root: path.join(root, 'does-not-exist') }),
      },
      { workspaceRoot: workspaceRoot() },
    );
    expect(report.streams.DDE).toMatchObject({ reason: 'badInput', summary: expect.stringContaining('cycl') });
    expect(report.streams.BDV).toMatchObject({
      reason: 'badInput',
      summary: expect.stringMatching(/broken\.feature:4:\d+/),
    });
    expect(report.streams.ACC).toMatchObject({ reason: 'badInput', error: { code: 'STREAM_BAD_INPUT' } });
  });

  it('a DDE node hanging past the deadline is cancelled through the engine and the other streams still pass', async () => {
    let nodeSignal: AbortSignal | undefined;
    const workflow = defineWorkflow('stuck')
      .node(
        'wait-for-approval',
        (_input, signal) =>
          new Promise((_, reject) => {
            nodeSignal = signal;
            signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
          }),
      )
      .build();
    const report = await runValidationStreams(
      {
        DDE: createDdeStream({ workflow }),
        BDV: createBdvStream({ sources: { 'calc.feature': feature(5) }, registry: calculatorSteps() }),
        ACC: createAccStream({ root: cleanCode, rules }),
      },
      { workspaceRoot: workspaceRoot(), timeoutMs: { DDE: 300, BDV: 30_000, ACC: 30_000 }, graceMs: 5_000 },
    );
    expect(report.verdict).toBe('PROCESS_ISSUE');
    expect(report.streams.DDE).toMatchObject({ reason: 'timedOut', settledAfterAbort: true });
    expect(nodeSignal?.aborted).toBe(true);
    expect(report.streams.BDV.status).toBe('passed');
    expect(report.streams.ACC.status).toBe('passed');
  });
});
