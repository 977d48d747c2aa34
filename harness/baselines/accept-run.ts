import { readBaselineFile, writeBaselineFile } from './baseline-file.js';
import { readBaselineParts, runIdOfParts } from './baseline-part.js';
import { DEFAULT_METRIC_SPECS, type DetectorOptions } from './detector.js';
import { BaselineFileError, BaselineRefusedError } from './errors.js';
import { judgeRun } from './judge-run.js';
import { contextDifferences } from './run-context.js';
import type { AcceptedSample, BaselineFile } from './types.js';

export interface AcceptRunOptions extends DetectorOptions {
  baselineFile: string;
  partsDir: string;
  /** Accepted runs kept per test and run context (the history's length). Default 10, or the file's. */
  keep?: number;
  /** Accept a run with failed tests or regressions (they are named in the file's run entry). */
  force?: boolean;
  /** The run's id (the run manifest's); defaults to the one recorded in the parts. */
  runId?: string;
  now?: () => number;
}

export interface AcceptRunResult {
  runId: string;
  tests: number;
  shards: string[];
  path: string;
  /** Comparable accepted runs now held for this run's context. */
  comparableRuns: number;
  /** What `force` overrode, when it did. */
  forced?: { failures: string[]; regressions: string[] };
}

export const MAX_KEEP = 1000;

/** Throws a RangeError unless `keep` is a whole number of runs in 1..1000. */
export function validateKeep(keep: unknown): number {
  if (typeof keep !== 'number' || !Number.isInteger(keep) || keep < 1 || keep > MAX_KEEP) {
    throw new RangeError(`keep must be a whole number of runs from 1 to ${MAX_KEEP}, got ${String(keep)}`);
  }
  return keep;
}

/**
 * Accepts the current run (all shard parts) into the baselines in one atomic write. Refuses, writing nothing: a
 * run already held (same run id), and without `force` a run with failed tests or regressions, naming them. A
 * corrupt baselines file or part stops it with an error naming the file and field.
 */
export async function acceptRun(options: AcceptRunOptions): Promise<AcceptRunResult> {
  if (options.keep !== undefined) validateKeep(options.keep);
  const parts = await readBaselineParts(options.partsDir);
  const existing = await readBaselineFile(options.baselineFile);
  const partsRunId = runIdOfParts(parts, options.partsDir);
  if (options.runId !== undefined && options.runId !== partsRunId && !partsRunId.startsWith('results-')) {
    throw new BaselineFileError(
      'E_BASELINE_PARTS_MIXED',
      options.partsDir,
      `the baseline parts in ${options.partsDir} belong to run ${partsRunId}, not to run ${options.runId}: run the suite again`,
    );
  }
  const runId = options.runId ?? partsRunId;
  const held = existing?.runs.find((r) => r.runId === runId);
  if (held !== undefined) {
    throw new BaselineRefusedError(
      'E_BASELINE_DUPLICATE_RUN',
      `run ${runId} is already accepted (accepted ${held.acceptedAt}); nothing changed`,
    );
  }
  const failures = parts.flatMap((p) => p.failed.map((f) => `${f.name} (${f.status})`));
  const judgement = judgeRun(existing, parts, { ...options, runId });
  const regressions = judgement.tests
    .filter((t) => t.regressed)
    .map(
      (t) =>
        `${t.name}: ${t.verdicts
          .filter((v) => v.status === 'regressed')
          .map((v) => `${v.metric} ${v.changePercent !== undefined ? `+${v.changePercent}%` : ''}`.trim())
          .join(', ')}`,
    );
  if ((failures.length > 0 || regressions.length > 0) && options.force !== true) {
    const what = [
      failures.length > 0 ? `${failures.length} failed test(s): ${failures.join(', ')}` : '',
      regressions.length > 0 ? `${regressions.length} regression(s): ${regressions.join('; ')}` : '',
    ].filter((s) => s !== '');
    throw new BaselineRefusedError(
      'E_BASELINE_NEEDS_FORCE',
      `run ${runId} has ${what.join(' and ')}; pass --force to accept it anyway`,
    );
  }

  const keep = options.keep ?? existing?.keep ?? 10;
  const now = new Date((options.now ?? Date.now)()).toISOString();
  const context = judgement.context;
  const runAt = parts.map((p) => p.createdAt).sort()[0] ?? now;
  const forced = failures.length > 0 || regressions.length > 0 ? { failures, regressions } : undefined;
  const next: BaselineFile = {
    schemaVersion: 2,
    updatedAt: now,
    keep,
    runs: [
      ...(existing?.runs ?? []),
      { runId, runAt, acceptedAt: now, context, tests: 0, ...(forced !== undefined ? { forced } : {}) },
    ],
    tests: { ...existing?.tests },
  };
  const runsById = new Map(next.runs.map((r) => [r.runId, r]));
  const sameContext = (sampleRunId: string): boolean => {
    const run = runsById.get(sampleRunId);
    return run !== undefined && contextDifferences(context, run.context).length === 0;
  };
  const metrics = DEFAULT_METRIC_SPECS.map((s) => s.metric);
  let tests = 0;
  for (const part of parts) {
    for (const sample of part.samples) {
      const accepted: AcceptedSample = { runId, ...sample.measured };
      if (!metrics.some((m) => accepted[m] !== undefined)) continue;
      const previous = next.tests[sample.key]?.samples ?? [];
      // keep the last `keep` of this context; samples of other contexts stay until their runs age out below
      const mine = [...previous.filter((s) => sameContext(s.runId)), accepted].slice(-keep);
      const theirs = previous.filter((s) => !sameContext(s.runId));
      next.tests[sample.key] = { name: sample.name, samples: [...theirs, ...mine] };
      tests += 1;
    }
  }
  const last = next.runs[next.runs.length - 1];
  if (last !== undefined) last.tests = tests;
  // a run no sample refers to any more is dropped; so are other contexts beyond `keep` runs
  const referenced = new Set(Object.values(next.tests).flatMap((t) => t.samples.map((s) => s.runId)));
  const otherContextRuns = next.runs
    .filter((r) => contextDifferences(context, r.context).length > 0)
    .map((r) => r.runId);
  const droppedOther = new Set(otherContextRuns.slice(0, Math.max(0, otherContextRuns.length - keep)));
  next.runs = next.runs.filter((r) => referenced.has(r.runId) && !droppedOther.has(r.runId));
  const kept = new Set(next.runs.map((r) => r.runId));
  for (const test of Object.values(next.tests)) test.samples = test.samples.filter((s) => kept.has(s.runId));
  await writeBaselineFile(options.baselineFile, next);
  return {
    runId,
    tests,
    shards: parts.map((p) => p.shard),
    path: options.baselineFile,
    comparableRuns: next.runs.filter((r) => contextDifferences(context, r.context).length === 0).length,
    ...(forced !== undefined ? { forced } : {}),
  };
}
