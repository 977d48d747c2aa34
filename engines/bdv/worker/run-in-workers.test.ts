import { threadId } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFeatureSet, createStepRegistry, loadStepsModule, runPickles } from '../index.js';

const STEPS = fileURLToPath(new URL('../testdata/worker-steps.ts', import.meta.url));
const BROKEN = fileURLToPath(new URL('../testdata/broken-steps.ts', import.meta.url));
const FIB = [
  0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597, 2584, 4181, 6765, 10946, 17711, 28657,
];

function fibonacciFeature(count: number, extra = ''): string {
  const scenarios = Array.from({ length: count }, (_, i) => {
    const n = 10 + (i % 14);
    return `  Scenario: fib ${i}\n    Given the fibonacci number ${n}\n    Then it is ${FIB[n]}\n`;
  }).join('');
  return `Feature: CPU\n${scenarios}${extra}`;
}

describe('worker threads', () => {
  it('runs scenarios in worker threads that load the steps module themselves, and merges the results in order', async () => {
    const registry = await loadStepsModule(STEPS);
    const features = createFeatureSet({ 'cpu.feature': fibonacciFeature(24) });
    const report = await runPickles(features, { registry, workers: 2, stepsModules: [STEPS] });
    expect(report.runHookErrors).toEqual([]);
    expect(report.status).toBe('passed');
    expect(report.scenarios.map((s) => s.name)).toEqual(features.pickles.map((p) => p.pickle.name));
    expect(report.counts.steps.passed).toBe(48);
    const workerIds = new Set(report.scenarios.map((s) => s.attempts[0]?.workerId));
    for (const id of workerIds) expect(['worker-0', 'worker-1']).toContain(id);
    const threads = new Set(report.scenarios.map((s) => s.attempts[0]?.steps[0]?.logs?.[0]));
    expect(threads).not.toContain(`thread ${threadId}`);
  });

  it('fails only the scenarios of a crashed worker and never drops scenarios silently', async () => {
    const registry = await loadStepsModule(STEPS);
    const features = createFeatureSet({
      'cpu.feature': fibonacciFeature(6, '  Scenario: crash\n    Given the worker dies\n'),
    });
    const report = await runPickles(features, { registry, workers: 2, stepsModules: [STEPS] });
    expect(report.scenarios).toHaveLength(7);
    const crash = report.scenarios.find((s) => s.name === 'crash');
    expect(crash?.status).toBe('failed');
    expect(crash?.attempts[0]?.steps[0]?.error?.message).toMatch(/exited with code 3|no worker thread left/);
    expect(report.scenarios.every((s) => s.status === 'passed' || s.status === 'failed')).toBe(true);
    expect(report.status).toBe('failed');
  });

  it('reports a steps module that fails in the workers as a run error', async () => {
    const registry = createStepRegistry();
    const features = createFeatureSet({ 'cpu.feature': fibonacciFeature(2) });
    const report = await runPickles(features, { registry, workers: 2, stepsModules: [BROKEN] });
    expect(report.runHookErrors.length).toBeGreaterThan(0);
    expect(report.runHookErrors[0]?.error.message).toContain('registration exploded');
    expect(report.status).toBe('failed');
  });
});
