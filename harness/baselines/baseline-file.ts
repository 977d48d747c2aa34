import { writeFileAtomic } from '../../engines/common/index.js';
import { BaselineFileError } from './errors.js';
import { readJsonFile } from './read-json-file.js';

/**
 * One accepted measurement, normalised by the calibration of the shard that measured it: durations in
 * calibration units (duration / calibration), throughput in items per calibration unit. Peak RSS is kept in MB:
 * memory does not scale with CPU speed.
 */
export interface AcceptedSample {
  runId: string;
  acceptedAt: string;
  calibrationMs: number;
  durationMs: number;
  normalizedDuration: number;
  throughputPerSec?: number;
  normalizedThroughput?: number;
  peakRssMb?: number;
}

export interface TestBaseline {
  name: string;
  /** Newest last, at most `keep` entries. */
  samples: AcceptedSample[];
}

export interface BaselineFile {
  schemaVersion: 1;
  updatedAt: string;
  /** How many accepted runs per test are kept (the k of "median of the last k"). */
  keep: number;
  tests: Record<string, TestBaseline>;
}

/** Reads the baselines file; undefined if it does not exist yet. Corrupt or foreign content is an error naming it. */
export async function readBaselineFile(path: string): Promise<BaselineFile | undefined> {
  const value = (await readJsonFile(path, 'E_BASELINE_CORRUPT')) as Partial<BaselineFile> | undefined;
  if (value === undefined) return undefined;
  if (value.schemaVersion !== 1 || typeof value.tests !== 'object' || value.tests === null || typeof value.keep !== 'number') {
    throw new BaselineFileError('E_BASELINE_CORRUPT', path, `baselines ${path} is not a schemaVersion 1 baselines file; fix or delete it by hand`);
  }
  for (const [key, test] of Object.entries(value.tests)) {
    if (!Array.isArray((test as Partial<TestBaseline>).samples)) {
      throw new BaselineFileError('E_BASELINE_CORRUPT', path, `baselines ${path}: test ${key} has no samples array`);
    }
  }
  return value as BaselineFile;
}

/** Writes the whole file atomically (temp file + rename). */
export async function writeBaselineFile(path: string, file: BaselineFile): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`);
}
