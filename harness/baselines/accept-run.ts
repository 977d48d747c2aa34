import type { BaselineFile } from './baseline-file.js';
import { readBaselineFile, writeBaselineFile } from './baseline-file.js';
import { readBaselineParts } from './baseline-part.js';
import { normalizeSample } from './normalize-sample.js';

export interface AcceptRunOptions {
  baselineFile: string;
  partsDir: string;
  /** Accepted runs kept per test (the k). Default 10. */
  keep?: number;
  runId?: string;
  now?: () => number;
}

export interface AcceptRunResult {
  tests: number;
  shards: string[];
  path: string;
}

/**
 * Accepts the current run (all shard parts) into the baselines: one merge, one atomic write. A corrupt
 * baselines file or part stops it with an error naming the file; nothing is overwritten.
 */
export async function acceptRun(options: AcceptRunOptions): Promise<AcceptRunResult> {
  const parts = await readBaselineParts(options.partsDir);
  const existing = await readBaselineFile(options.baselineFile);
  const keep = options.keep ?? existing?.keep ?? 10;
  const acceptedAt = new Date((options.now ?? Date.now)()).toISOString();
  const runId = options.runId ?? acceptedAt;
  const next: BaselineFile = { schemaVersion: 1, updatedAt: acceptedAt, keep, tests: { ...existing?.tests } };
  let tests = 0;
  for (const part of parts) {
    for (const sample of part.samples) {
      const previous = next.tests[sample.key]?.samples ?? [];
      const samples = [...previous.filter((s) => s.runId !== runId), normalizeSample(sample, part.calibration.medianMs, runId, acceptedAt)];
      next.tests[sample.key] = { name: sample.name, samples: samples.slice(-keep) };
      tests += 1;
    }
  }
  await writeBaselineFile(options.baselineFile, next);
  return { tests, shards: parts.map((p) => p.shard), path: options.baselineFile };
}
