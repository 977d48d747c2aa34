import { createHash } from 'node:crypto';
import { machineFingerprint, readScaleFromEnv, readWorkersFromEnv, type RunContext } from '../pipeline/index.js';
import type { StoredRunContext } from './types.js';

/**
 * The context of a run with no run manifest (results of a plain `npx playwright test`): captured now, from the
 * same environment the config reads (STRESS_SCALE, STRESS_WORKERS). A fallback only: the pipeline writes the
 * manifest when the run starts.
 */
export function captureRunContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  return {
    scale: readScaleFromEnv(env),
    workers: readWorkersFromEnv(env),
    node: process.version,
    machine: machineFingerprint(),
    shardCount: 1,
  };
}

/** A run id derived from the results themselves, so rebuilding from the same results gives the same id. */
export function runIdFromResults(uuids: readonly string[]): string {
  return `results-${createHash('sha256').update(uuids.join('\n')).digest('hex').slice(0, 16)}`;
}

const nodeMajor = (version: string): string => /^v?(\d+)/.exec(version)?.[1] ?? version;

/**
 * Why numbers measured under `current` cannot be compared with numbers measured under `past`: one entry per
 * difference in scale, workers, Node major or machine, worded "scale 1 vs 0.25 in history". Empty when comparable.
 * The commit and the shard count are not compared: a new commit is what a comparison is for, and each test runs
 * in one worker whatever the shard split.
 */
export function contextDifferences(current: StoredRunContext, past: StoredRunContext): string[] {
  const differences: string[] = [];
  if (current.scale !== past.scale) differences.push(`scale ${current.scale} vs ${past.scale} in history`);
  if (String(current.workers) !== String(past.workers))
    differences.push(`workers ${current.workers} vs ${past.workers} in history`);
  if (nodeMajor(current.node) !== nodeMajor(past.node))
    differences.push(`node ${nodeMajor(current.node)} vs ${nodeMajor(past.node)} in history`);
  if (current.machine !== past.machine) differences.push(`machine ${current.machine} vs ${past.machine} in history`);
  return differences;
}

/** Only the fields the schema keeps (the manifest may carry more). */
export function storedContext(context: RunContext): StoredRunContext {
  return {
    scale: context.scale,
    workers: context.workers,
    node: context.node,
    machine: context.machine,
    ...(context.commit !== undefined ? { commit: context.commit } : {}),
    shardCount: context.shardCount,
  };
}
