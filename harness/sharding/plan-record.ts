import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonAtomic } from '../../engines/common/index.js';
import type { ShardPlan } from './shard-plan.js';

/** The plan a shard ran, written into its results folder (next to allure-playwright's results). */
export const SHARD_PLAN_FILE = 'maestro-shard-plan.json';
/** Allure reads any `*-globals.json`: the plan shows in the report's Global Attachments tab, one entry per shard. */
export const SHARD_PLAN_GLOBALS_FILE = 'maestro-shard-plan-globals.json';

/** What one shard's run measured, written when it ends. */
export interface ShardActual {
  /** From the start of the first test to the end of the run (the reporter's onBegin to onEnd). */
  wallMs: number;
  /** Sum of the tests' own durations (every attempt). */
  testsMs: number;
  tests: number;
  /** Sum of the test durations on the busiest worker (every test with one worker). */
  busiestWorkerMs?: number;
  /** The longest single test (final attempt). */
  longestTestMs?: number;
}

export interface ShardPlanRecord {
  version: 1;
  current: number;
  total: number;
  plan: ShardPlan;
  actual?: ShardActual;
}

/**
 * What the reporter writes to `planOutput` / MAESTRO_SHARD_PLAN_OUT: the plan record plus the groups it was made from
 * (in Playwright's order, with each test's history keys), so a tool can plan again from another history.
 */
export interface ShardPlanDump extends ShardPlanRecord {
  groups: {
    id: string;
    kind: 'serial' | 'file' | 'test';
    tests: { planId: string; file: string; historyKeys: string[]; skipped: boolean; workloadChangedAt?: number }[];
  }[];
}

/** Writes (replaces) a shard's plan record. */
export async function writeShardPlanRecord(resultsDir: string, record: ShardPlanRecord): Promise<void> {
  await writeJsonAtomic(join(resultsDir, SHARD_PLAN_FILE), record);
}

/** Puts the plan's text into the results as an Allure global attachment named after the plan and the shard. */
export async function writeShardPlanAttachment(
  resultsDir: string,
  title: string,
  text: string,
  now: number = Date.now(),
): Promise<void> {
  const source = `${randomUUID()}-attachment.txt`;
  await writeFile(join(resultsDir, source), text);
  const globals = { attachments: [{ name: title, source, type: 'text/plain', timestamp: now }], errors: [] };
  await writeJsonAtomic(join(resultsDir, SHARD_PLAN_GLOBALS_FILE), globals);
}

/** The plan records of the given results folders; a folder without one is listed with `record: undefined`. */
export async function readShardPlanRecords(
  resultsDirs: readonly string[],
): Promise<{ dir: string; record?: ShardPlanRecord }[]> {
  const out: { dir: string; record?: ShardPlanRecord }[] = [];
  for (const dir of resultsDirs) {
    try {
      out.push({ dir, record: JSON.parse(await readFile(join(dir, SHARD_PLAN_FILE), 'utf8')) as ShardPlanRecord });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      out.push({ dir });
    }
  }
  return out;
}
