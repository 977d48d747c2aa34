import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AllureResult } from './allure-result.js';
import { classifyResults } from './classify-results.js';
import { keepFlakyInAllureHistory } from './keep-flaky-in-history.js';
import { attemptResult, writeAttemptResults } from './testing/attempt-result.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'normalize-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Labels as allure-playwright writes them, with the defects the normalisation removes. */
const RAW_LABELS = [
  { name: 'titlePath', value: ' >  > spec.ts' },
  { name: 'host', value: 'vm' },
  { name: 'tag', value: 'e2e' },
  { name: 'tag', value: '@e2e' },
  { name: 'tag', value: 'performance' },
];
const attempt = (
  name: string,
  status: NonNullable<AllureResult['status']>,
  retry: number,
  message?: string,
): AllureResult =>
  attemptResult(
    name,
    status,
    retry,
    message,
    RAW_LABELS.map((label) => ({ ...label })),
  );
const write = writeAttemptResults;

const read = async (dir: string, uuid: string): Promise<AllureResult> =>
  JSON.parse(await readFile(join(dir, `${uuid}-result.json`), 'utf8')) as AllureResult;

describe('result normalisation in classifyResults', () => {
  it('names the shard, tidies titlePath and tags, calls a timeout failed and says a flaky pass was flaky', async () => {
    const dir = join(root, 'shard-2-of-4');
    await write(dir, [
      attempt('hang', 'broken', 0, 'Test timeout of 1000ms exceeded.'),
      attempt('hang', 'passed', 1),
      attempt('plain', 'broken', 0, 'TypeError: x is undefined'),
    ]);
    const summary = await classifyResults([dir]);
    expect(summary.tests.find((t) => t.name === 'hang')).toMatchObject({ outcome: 'flaky', timedOutAttempts: 1 });

    const first = await read(dir, 'hang-0');
    expect(first.status).toBe('failed');
    expect(first.labels).toEqual(
      expect.arrayContaining([
        { name: 'shard', value: 'shard-2-of-4' },
        { name: 'host', value: 'shard-2-of-4 @ vm' },
        { name: 'titlePath', value: 'spec.ts' },
        { name: 'failureClass', value: 'timeout' },
      ]),
    );
    expect(first.labels?.filter((l) => l.name === 'tag').map((l) => l.value)).toEqual(['@e2e', 'performance']);
    const final = await read(dir, 'hang-1');
    expect(final.status).toBe('passed');
    expect(final.statusDetails).toMatchObject({
      flaky: true,
      message: 'Flaky: passed on attempt 2 after 1 failed attempt(s); first error: Test timeout of 1000ms exceeded.',
    });
    expect((await read(dir, 'plain-0')).status).toBe('broken'); // only timeouts change status

    const once = await readFile(join(dir, 'hang-1-result.json'), 'utf8');
    await classifyResults([dir]);
    expect(await readFile(join(dir, 'hang-1-result.json'), 'utf8')).toBe(once);
    expect((await read(dir, 'hang-0')).labels?.find((l) => l.name === 'host')?.value).toBe('shard-2-of-4 @ vm');
  });

  it('leaves the host of an unsharded run alone', async () => {
    const dir = join(root, 'local');
    await write(dir, [attempt('ok', 'passed', 0)]);
    await classifyResults([dir]);
    const labels = (await read(dir, 'ok-0')).labels ?? [];
    expect(labels.find((l) => l.name === 'host')?.value).toBe('vm');
    expect(labels.some((l) => l.name === 'shard')).toBe(false);
  });
});

describe('keepFlakyInAllureHistory', () => {
  it("gives the newest line's flaky and failed items their message as error, once", async () => {
    const file = join(root, 'allure-history.jsonl');
    const older = { uuid: 'a', testResults: { x: { status: 'passed', message: 'Flaky: old' } } };
    const newest = {
      uuid: 'b',
      testResults: {
        flaky: { status: 'passed', message: 'Flaky: passed on attempt 2 after 1 failed attempt(s); first error: boom' },
        failed: { status: 'failed', message: 'Test timeout of 1000ms exceeded.', trace: 't' },
        passed: { status: 'passed' },
      },
    };
    await writeFile(file, `${JSON.stringify(older)}\n${JSON.stringify(newest)}\n`);
    expect(await keepFlakyInAllureHistory(file)).toBe(2);
    const [first, last] = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as typeof newest);
    expect(first).toEqual(older);
    expect(last?.testResults.flaky).toMatchObject({
      flaky: true,
      error: { message: newest.testResults.flaky.message },
    });
    expect(last?.testResults.failed).toMatchObject({
      error: { message: 'Test timeout of 1000ms exceeded.', trace: 't' },
    });
    expect(last?.testResults.passed).toEqual({ status: 'passed' });
    expect(await keepFlakyInAllureHistory(file)).toBe(0);
    expect(await keepFlakyInAllureHistory(join(root, 'none.jsonl'))).toBe(0);
  });
});
