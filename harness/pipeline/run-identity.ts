import { createHash } from 'node:crypto';
import type { RunContext, RunManifest } from './run-manifest.js';
import type { ShardRun } from './shard-run.js';

/** Which run a set of results folders is, and under what context it ran: what the history record is keyed by. */
export interface RunIdentity {
  runId: string;
  /** How the id was found, for the summary line. */
  source: 'shards' | 'merged-shards' | 'manifest' | 'results';
  context?: RunContext;
  seeds: { shard: string; seed: number }[];
}

/**
 * The run id, from the folders' own shard records first (they travel with the results, also through CI
 * artifacts), then the run manifest, then the results themselves. Shards that carry different ids (CI jobs
 * started without a common MAESTRO_RUN_ID) get one id derived from theirs. Every branch is a pure function of
 * files that a rebuild does not change, so a rebuild always finds the same id.
 */
export function resolveRunIdentity(input: {
  manifest: RunManifest | undefined;
  shardRuns: readonly (ShardRun | undefined)[];
  resultUuids: readonly string[];
}): RunIdentity {
  const shardRuns = input.shardRuns.filter((s): s is ShardRun => s !== undefined);
  const seeds = shardRuns
    .map((s) => ({ shard: s.shard, seed: s.seed }))
    .sort((a, b) => a.shard.localeCompare(b.shard, 'en', { numeric: true }));
  const ids = [...new Set(shardRuns.map((s) => s.runId))].sort();
  const manifest = input.manifest;
  let runId: string;
  let source: RunIdentity['source'];
  if (ids.length === 1 && ids[0] !== undefined) {
    runId = ids[0];
    source = 'shards';
  } else if (ids.length > 1) {
    runId = `merged-${hash(ids)}`;
    source = 'merged-shards';
  } else if (manifest !== undefined) {
    runId = manifest.runId;
    source = 'manifest';
  } else {
    runId = `results-${hash([...input.resultUuids].sort())}`;
    source = 'results';
  }
  const context =
    manifest !== undefined && manifest.runId === runId
      ? manifest.context
      : shardRuns.find((s) => s.context !== undefined)?.context;
  return { runId, source, ...(context !== undefined ? { context } : {}), seeds };
}

function hash(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 16);
}
