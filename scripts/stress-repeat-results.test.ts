import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatRepeatSummary,
  readAllureAttempts,
  summarizeAttempts,
  type AttemptResult,
} from './stress-repeat-results.js';

const attempt = (id: string, status: string, start: number, message = ''): AttemptResult => ({
  id,
  status,
  start,
  message,
});

describe('summarizeAttempts', () => {
  it('counts a fail-then-pass as flaky, a last failure as failed, and timeouts apart', () => {
    const outcome = summarizeAttempts([
      attempt('E2E-101', 'passed', 1),
      attempt('E2E-112', 'failed', 2),
      attempt('E2E-112', 'passed', 3),
      attempt('E2E-115', 'broken', 4, 'Test timeout of 300000ms exceeded.'),
      attempt('E2E-115', 'failed', 5, 'expect(received)...'),
      attempt('E2E-110', 'skipped', 6),
    ]);
    expect(outcome).toEqual({
      tests: 4,
      passed: 1,
      failed: ['E2E-115'],
      flaky: ['E2E-112'],
      timedOut: ['E2E-115'],
      skipped: 1,
    });
  });

  it('orders attempts by start time, whatever the file order', () => {
    expect(summarizeAttempts([attempt('E2E-111', 'passed', 9), attempt('E2E-111', 'failed', 1)]).flaky).toEqual([
      'E2E-111',
    ]);
    expect(summarizeAttempts([attempt('E2E-111', 'failed', 9), attempt('E2E-111', 'passed', 1)]).failed).toEqual([
      'E2E-111',
    ]);
  });
});

describe('readAllureAttempts and formatRepeatSummary', () => {
  it('reads result files of every shard folder and prints runs and totals', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stress-repeat-'));
    try {
      await mkdir(join(dir, 'local'));
      await writeFile(
        join(dir, 'local', 'a-result.json'),
        JSON.stringify({ name: 'E2E-103: suites', status: 'passed', start: 1 }),
      );
      await writeFile(
        join(dir, 'local', 'b-result.json'),
        JSON.stringify({ name: 'CHAOS-02: x', status: 'failed', start: 2, statusDetails: { message: 'boom' } }),
      );
      await writeFile(join(dir, 'local', 'c-attachment.json'), '{}');
      const outcome = summarizeAttempts(await readAllureAttempts(dir));
      expect(outcome).toMatchObject({ tests: 2, passed: 1, failed: ['CHAOS-02'] });
      const text = formatRepeatSummary(
        [
          { run: 1, seed: 42, exitCode: 1, seconds: 61, interrupted: false, outcome },
          { run: 2, seed: 7, exitCode: 130, seconds: 5, interrupted: true, outcome },
        ],
        3,
      );
      expect(text).toContain('| 1 | 42 | 1 | 61 | 2 | 1 (CHAOS-02) | 0 | 0 |');
      expect(text).toContain('| 2 | 7 | 130 (interrupted) |');
      expect(text).toContain(
        'runs: 1 completed of 3 planned (+1 interrupted, not counted); clean (exit 0, no failed, no flaky): 0',
      );
      expect(text).toContain('test-runs: 2; failed: 1; flaky: 0; timed out: 0; non-zero exits: 1');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
