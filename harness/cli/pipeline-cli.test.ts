import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResultFiles } from '../classify/index.js';
import { reportPaths } from '../pipeline/index.js';
import { listResultsDirs } from '../report/index.js';
import { readRunHistory } from '../trends/index.js';
import { NODE_WITH_TSX, PLAYWRIGHT_CLI, runCli, writePipelineProject } from './testing/pipeline-project.js';

// The real CLIs (through tsx, as `npm run` starts them) on a small temporary project: MAESTRO_PROJECT_ROOT points
// them at it, so this repository's reports/ are never touched.
const CLI = resolve(import.meta.dirname);

let project: string;
beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'maestro-pipeline-cli-'));
  await writePipelineProject(project);
});
afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * How long the slow test ran, from its Allure result: unstopped it takes 60 s, so well under that proves the signal
 * stopped it (wall time of the whole CLI is no proof on a loaded machine). Undefined when it left no result.
 */
async function slowTestRanMs(): Promise<number | undefined> {
  const results = await readResultFiles(await listResultsDirs(reportPaths(project).allureResults));
  const slow = results.find((r) => r.result.name === 'S-2 slow runs until stopped')?.result;
  return slow?.start !== undefined && slow.stop !== undefined ? slow.stop - slow.start : undefined;
}

async function clearReports(): Promise<void> {
  await rm(join(project, 'reports'), { recursive: true, force: true });
}

describe('stress:shards', () => {
  it('`stress:shards -- 0` prints one line and exits 2, without a stack', async () => {
    const run = await runCli(NODE_WITH_TSX[0], [...NODE_WITH_TSX.slice(1), join(CLI, 'shards.ts'), '0'], {
      cwd: project,
      env: { MAESTRO_PROJECT_ROOT: project },
      timeoutMs: 60_000,
    });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual(['stress:shards: shard count must be a positive integer, got "0"']);
    expect(run.stderr).not.toMatch(/RangeError|\n\s+at /);
  }, 60_000);

  it('a merge with a lost shard records nothing; once every shard is there it records one complete run with each seed', async () => {
    await clearReports();
    const paths = reportPaths(project);
    const env = { MAESTRO_PROJECT_ROOT: project, SPEC_DIR: 'quick', MAESTRO_RUN_ID: 'ci-run-7', STRESS_SEED: '' };
    const shard = (i: number, seed: number): Promise<unknown> =>
      runCli(process.execPath, [PLAYWRIGHT_CLI, 'test', `--shard=${i}/2`], {
        cwd: project,
        env: { ...env, STRESS_SEED: String(seed) },
        timeoutMs: 120_000,
      });
    await shard(1, 101);

    const lost = await runCli(NODE_WITH_TSX[0], [...NODE_WITH_TSX.slice(1), join(CLI, 'shards.ts'), 'merge'], {
      cwd: project,
      env,
      timeoutMs: 180_000,
    });
    expect(lost.code, lost.stderr).toBe(2);
    expect(lost.stdout).toMatch(/count check: 1\/2 tests, lost 1.*MISMATCH \(run not recorded\)/);
    expect(lost.stdout).toContain('NOT recorded');
    expect(await exists(paths.runsFile)).toBe(false);
    expect(await exists(paths.allureHistoryFile)).toBe(false);
    expect(await exists(join(paths.allureReport, 'index.html'))).toBe(true);

    await shard(2, 202);
    const merged = await runCli(NODE_WITH_TSX[0], [...NODE_WITH_TSX.slice(1), join(CLI, 'shards.ts'), 'merge'], {
      cwd: project,
      env,
      timeoutMs: 180_000,
    });
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toContain('STRESS_SEED=101 npx playwright test --shard 1/2');
    expect(merged.stdout).toContain('STRESS_SEED=202 npx playwright test --shard 2/2');
    const runs = await readRunHistory(paths.runsFile);
    expect(
      runs.map((r) => ({ runId: r.runId, complete: r.complete, seeds: r.seeds, shardCount: r.context?.shardCount })),
    ).toEqual([
      {
        runId: 'ci-run-7',
        complete: true,
        seeds: [
          { shard: 'shard-1-of-2', seed: 101 },
          { shard: 'shard-2-of-2', seed: 202 },
        ],
        shardCount: 2,
      },
    ]);
    expect((await readFile(paths.allureHistoryFile, 'utf8')).trim().split('\n')).toHaveLength(1);
  }, 600_000);
});

describe('stress with a corrupt history', () => {
  it('stops before the suite runs, in one line naming file and line, exit 1, the file untouched', async () => {
    await clearReports();
    const paths = reportPaths(project);
    await mkdir(paths.historyDir, { recursive: true });
    const torn = `{"uuid":"u","timestamp":1,"testResults":{}}\n{"uuid":"v","testResults":{"h":{"id":"${'7'.repeat(30_000)}`;
    await writeFile(paths.allureHistoryFile, torn);
    const run = await runCli(NODE_WITH_TSX[0], [...NODE_WITH_TSX.slice(1), join(CLI, 'stress.ts')], {
      cwd: project,
      env: { MAESTRO_PROJECT_ROOT: project, SPEC_DIR: 'slow' },
      timeoutMs: 60_000,
    });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      `stress: E_DATA_FILE_CORRUPT: Allure history ${paths.allureHistoryFile}:2 is not valid JSON (truncated?)`,
    ]);
    expect(run.stdout).not.toContain('S-1');
    expect(await readFile(paths.allureHistoryFile, 'utf8')).toBe(torn);
    expect(await exists(paths.allureResults)).toBe(false);
  }, 60_000);
});

describe('stress:shards on a signal', () => {
  it('SIGINT during the last shard: it stops, the report of what ran is built, nothing recorded, exit 130', async () => {
    await clearReports();
    const paths = reportPaths(project);
    let sent = false;
    const run = await runCli(NODE_WITH_TSX[0], [...NODE_WITH_TSX.slice(1), join(CLI, 'shards.ts'), '2'], {
      cwd: project,
      env: { MAESTRO_PROJECT_ROOT: project, SPEC_DIR: 'slow', STRESS_SEED: '' },
      timeoutMs: 150_000,
      onStdout: (all, pid) => {
        // Shard 1 ran the quick test; shard 2 runs the slow one (Playwright's split of two tests): signal once it runs.
        if (!sent && all.includes('=== shard 2/2') && all.includes('S-2 is running')) {
          sent = true;
          process.kill(pid, 'SIGINT');
        }
      },
    });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(130);
    expect(run.stdout).toContain('stopped by SIGINT');
    expect(run.stdout).toContain('NOT recorded');
    expect(await exists(join(paths.allureReport, 'index.html'))).toBe(true);
    expect(await exists(paths.runsFile)).toBe(false);
    expect(await exists(paths.allureHistoryFile)).toBe(false);
    // The slow test was running when the signal came, and was cut short (it runs 60 s unstopped).
    expect((await slowTestRanMs()) ?? Infinity).toBeLessThan(45_000);
  }, 160_000);
});

/** How long the report build is held when a test signals during it: short enough that an orphaned build would finish
 * (and write its report) within the test's wait below, long enough that the second signal surely lands in it. */
const HOLD_MS = 8_000;

describe('stress on a signal', () => {
  const stress = (signal: NodeJS.Signals, again?: NodeJS.Signals) => {
    let firstAt = 0;
    let sent = 0;
    return runCli(NODE_WITH_TSX[0], [...NODE_WITH_TSX.slice(1), join(CLI, 'stress.ts')], {
      cwd: project,
      // With a second signal, the build is held (see pipeline-project.ts) so it is surely still running when that arrives.
      env: {
        MAESTRO_PROJECT_ROOT: project,
        SPEC_DIR: 'slow',
        STRESS_SEED: '',
        HOLD_ALLURE_GENERATE_MS: again !== undefined ? String(HOLD_MS) : '',
      },
      timeoutMs: 150_000,
      onStdout: (all, pid) => {
        // Once the slow test is running, stop the run. (Not at "S-1 passed": then the slow test has usually not
        // started, and the test would not see whether a running test is interrupted.)
        if (sent === 0 && all.includes('S-2 is running')) {
          sent = 1;
          firstAt = performance.now();
          process.kill(pid, signal);
        }
        // The second one while the report is being built; a signal within 1 s of the first is the same Ctrl-C twice.
        if (again !== undefined && sent === 1 && all.includes('building the report of what ran')) {
          sent = 2;
          setTimeout(() => process.kill(pid, again), Math.max(0, 1_100 - (performance.now() - firstAt))).unref();
        }
      },
    });
  };

  it('SIGINT: Playwright stops, the report of what ran is built and not recorded, exit 130', async () => {
    await clearReports();
    const paths = reportPaths(project);
    const run = await stress('SIGINT');
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(130);
    expect(run.stdout).toContain('stopped by SIGINT');
    expect(run.stdout).toContain('NOT recorded');
    const summary = JSON.parse(await readFile(join(paths.allureReport, 'summary.json'), 'utf8')) as {
      stats: Record<string, number>;
    };
    expect(summary.stats['passed']).toBe(1);
    expect(await exists(paths.runsFile)).toBe(false);
    expect(await exists(paths.allureHistoryFile)).toBe(false);
    // The slow test was cut short (it runs 60 s unstopped); allure-playwright still wrote its result.
    const ran = await slowTestRanMs();
    expect(ran).toBeDefined();
    expect(ran ?? Infinity).toBeLessThan(45_000);
  }, 160_000);

  it('SIGTERM, then SIGTERM again during the report build: exits at once with 143, the build stopped too', async () => {
    await clearReports();
    const run = await stress('SIGTERM', 'SIGTERM');
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(143);
    expect(run.stdout).toContain('building the report of what ran');
    expect(run.stdout).not.toContain('Allure report built from');
    // No `allure generate` left running behind it: an orphan would finish its held build and write the report by now.
    await new Promise((r) => setTimeout(r, HOLD_MS + 10_000));
    expect(await exists(join(reportPaths(project).allureReport, 'index.html'))).toBe(false);
    expect(await exists(reportPaths(project).runsFile)).toBe(false);
  }, 160_000);
});
