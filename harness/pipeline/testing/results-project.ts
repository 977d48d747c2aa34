import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { AllureResult } from '../../classify/index.js';
import { reportPaths } from '../paths.js';
import type { RunManifest } from '../run-manifest.js';
import { SHARD_RUN_FILE, type ShardRun } from '../shard-run.js';

const CONTEXT = { scale: 0.25, workers: 1, node: 'v20.0.0', machine: 'test-machine', shardCount: 2 };

function result(
  uuid: string,
  name: string,
  status: AllureResult['status'],
  start: number,
  extra: Partial<AllureResult> = {},
): AllureResult {
  return {
    uuid,
    historyId: `h-${name}`,
    name,
    fullName: `suite ${name}`,
    status,
    statusDetails: status === 'passed' ? {} : { message: `${name} failed: expected 1 to be 2\n  at spec.ts:3` },
    start,
    stop: start + 100,
    labels: [{ name: 'epic', value: 'Reliability' }],
    steps: [],
    attachments: [],
    parameters: [],
    ...extra,
  } as AllureResult;
}

/**
 * A project with the results of one two-shard run as Playwright and the global setup leave them: a flaky test
 * (fails, passes its retry) and a passing one on shard 1, a failing one on shard 2, each folder's shard record and
 * the run manifest, and an Allure config whose history is reports/history/allure-history.jsonl.
 */
export async function writeResultsProject(root: string, runId = 'run-a', uuidPrefix = 'a'): Promise<void> {
  const paths = reportPaths(root);
  const shard1 = join(paths.allureResults, 'shard-1-of-2');
  const shard2 = join(paths.allureResults, 'shard-2-of-2');
  await mkdir(shard1, { recursive: true });
  await mkdir(shard2, { recursive: true });
  const t0 = 1_700_000_000_000;
  const files: [string, AllureResult][] = [
    [shard1, result(`${uuidPrefix}-flaky-0`, 'E2E-201 flaky', 'failed', t0)],
    [
      shard1,
      result(`${uuidPrefix}-flaky-1`, 'E2E-201 flaky', 'passed', t0 + 200, {
        parameters: [{ name: 'Retry', value: '1' }],
      }),
    ],
    [shard1, result(`${uuidPrefix}-steady`, 'E2E-202 steady', 'passed', t0 + 400)],
    [shard2, result(`${uuidPrefix}-broken`, 'E2E-203 broken', 'failed', t0 + 100)],
  ];
  for (const [dir, r] of files) await writeFile(join(dir, `${r.uuid}-result.json`), JSON.stringify(r));
  for (const [dir, shard, seed] of [
    [shard1, 'shard-1-of-2', 11],
    [shard2, 'shard-2-of-2', 22],
  ] as const) {
    const record: ShardRun = { version: 1, runId, shard, seed, startedAt: t0, context: CONTEXT };
    await writeFile(join(dir, SHARD_RUN_FILE), JSON.stringify(record));
  }
  const manifest: RunManifest = { runId, createdAt: t0, context: CONTEXT };
  await writeFile(paths.runManifest, JSON.stringify(manifest));
  await writeFile(
    join(root, 'allurerc.json'),
    JSON.stringify({
      name: 'pipeline self-test',
      historyPath: './reports/history/allure-history.jsonl',
      historyLimit: 20,
      plugins: { awesome: { options: { singleFile: false } } },
    }),
  );
}

/** Every file under `dir` (relative path → sha256), to prove a step wrote nothing. */
export async function fingerprintTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[relative(dir, path)] = createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
  }
  return out;
}
