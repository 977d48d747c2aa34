import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildRows } from '../../core/build-rows.js';
import { runWorkload } from '../../core/run-workload.js';
import { planAccIncrementalWorkloads } from './incremental-suite.js';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const workDir = mkdtempSync(join(tmpdir(), 'maestro-bench-incremental-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('incremental analysis workloads', () => {
  it('run every contender, which agree on the findings and on exactly the 10 changed files being parsed', async () => {
    const plans = await planAccIncrementalWorkloads(150, 7, workDir);
    expect(plans.map((p) => p.workload)).toEqual([
      '150 files, 10 changed: session re-analysis',
      '150 files, 10 changed, imports too: session re-analysis',
      '150 files, 10 changed: re-run in a new process',
    ]);
    for (const plan of plans) {
      expect(plan.goals).toEqual([]); // the goal is stated for 5,000 files
      const runs = await runWorkload(plan, {
        repetitions: 1,
        cwd: REPO_ROOT,
        childTimeoutMs: 60_000,
        log: () => undefined,
      });
      const rows = buildRows({ ...plan, runs });
      expect(rows.map((r) => [r.tool, r.error ?? '', r.agreement, r.differences])).toEqual(
        plan.contenders.map((c) => [c.tool, '', 'agree', []]),
      );
      expect(runs.find((r) => r.role === 'ours')?.measurements[0]?.outcome).toMatchObject({
        filesParsed: 10,
        filesDiscovered: 150,
      });
    }
  }, 120_000);
});
