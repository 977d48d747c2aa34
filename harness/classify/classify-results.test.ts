import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AllureResult } from './allure-result.js';
import { classifyResults } from './classify-results.js';
import { ResultsReadError } from './errors.js';
import { RUN_COUNTERS_FILE } from './run-counters.js';
import { attemptResult, writeAttemptResults } from './testing/attempt-result.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'classify-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const attempt = attemptResult;
const writeResults = writeAttemptResults;

async function readResult(dir: string, uuid: string): Promise<AllureResult> {
  return JSON.parse(await readFile(join(dir, `${uuid}-result.json`), 'utf8')) as AllureResult;
}

describe('classifyResults', () => {
  it('flags fail-then-pass as flaky, labels timeouts, and counts the run across shard folders', async () => {
    const a = join(root, 'shard-1-of-2');
    const b = join(root, 'shard-2-of-2');
    await writeResults(a, [
      attempt('steady', 'passed', 0),
      attempt('flaky', 'failed', 0, 'Error: expected 1 to be 2'),
      attempt('flaky', 'passed', 1),
    ]);
    await writeResults(b, [
      attempt('hang', 'broken', 0, 'Test timeout of 1500ms exceeded.'),
      attempt('hang', 'broken', 1, 'Test timeout of 1500ms exceeded.'),
      attempt('budget', 'failed', 0, 'BudgetExceededError: p95 latency 900ms > 500ms'),
      attempt('broken', 'failed', 0, 'TypeError: x is undefined'),
    ]);

    const summary = await classifyResults([a, b], { trendsHref: 'https://qa.example/trends/index.html', now: () => 5 });

    expect(summary.counters).toEqual({ tests: 5, passed: 1, failed: 3, flaky: 1, retried: 2, timedOut: 1, skipped: 0 });
    const byName = new Map(summary.tests.map((t) => [t.name, t]));
    expect(byName.get('flaky')?.outcome).toBe('flaky');
    expect(byName.get('hang')).toMatchObject({ outcome: 'timedOut', timedOutAttempts: 2, failureClass: 'timeout' });
    expect(byName.get('budget')).toMatchObject({ outcome: 'failed', failureClass: 'budget' });
    expect(byName.get('broken')?.failureClass).toBeUndefined();

    const flakyFinal = await readResult(a, 'flaky-1');
    expect(flakyFinal.statusDetails?.flaky).toBe(true);
    expect((await readResult(a, 'steady-0')).statusDetails?.flaky).toBeUndefined();
    expect((await readResult(b, 'hang-1')).labels).toContainEqual({ name: 'failureClass', value: 'timeout' });
    expect((await readResult(b, 'budget-0')).labels).toContainEqual({ name: 'failureClass', value: 'budget' });
    expect((await readResult(a, 'steady-0')).links).toContainEqual(
      expect.objectContaining({ url: 'https://qa.example/trends/index.html#t-h-steady' }),
    );

    const perf = JSON.parse(await readFile(join(a, RUN_COUNTERS_FILE), 'utf8')) as { key: string; value: number }[];
    expect(Object.fromEntries(perf.map((m) => [m.key, m.value]))).toMatchObject({
      'maestro.run.tests': 5,
      'maestro.run.flaky': 1,
      'maestro.run.timedOut': 1,
      'maestro.run.retried': 2,
    });
    expect((await readdir(b)).includes(RUN_COUNTERS_FILE)).toBe(false);
  });

  it('is idempotent: a second pass adds no duplicate labels or links', async () => {
    const dir = join(root, 'local');
    await writeResults(dir, [attempt('hang', 'broken', 0, 'Test timeout of 10ms exceeded.')]);
    await classifyResults([dir], { trendsHref: 'http://127.0.0.1/t.html' });
    const once = await readFile(join(dir, 'hang-0-result.json'), 'utf8');
    await classifyResults([dir], { trendsHref: 'http://127.0.0.1/t.html' });
    expect(await readFile(join(dir, 'hang-0-result.json'), 'utf8')).toBe(once);
  });

  it('names the corrupt file and leaves it untouched', async () => {
    const dir = join(root, 'local');
    await writeResults(dir, [attempt('ok', 'passed', 0)]);
    const bad = join(dir, 'bad-result.json');
    await writeFile(bad, '{"uuid": "bad", "name": "trunc');
    const error = await classifyResults([dir]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResultsReadError);
    expect((error as ResultsReadError).code).toBe('E_RESULT_CORRUPT');
    expect((error as Error).message).toContain(bad);
    expect(await readFile(bad, 'utf8')).toBe('{"uuid": "bad", "name": "trunc');
  });

  it('fails on a missing shard folder instead of silently counting fewer tests', async () => {
    await expect(classifyResults([join(root, 'nope')])).rejects.toMatchObject({ code: 'E_RESULTS_DIR_MISSING' });
  });
});
