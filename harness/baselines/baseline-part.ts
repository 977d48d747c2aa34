import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { writeFileAtomic } from '../../engines/common/index.js';
import { readRunManifest, type RunContext } from '../pipeline/index.js';
import { BaselineFileError } from './errors.js';
import { extractRunSamples } from './perf-sample.js';
import { readJsonFile } from './read-json-file.js';
import { captureRunContext, runIdFromResults, storedContext } from './run-context.js';
import { baselinePartSchema, describeIssues } from './schema.js';
import type { BaselinePart } from './types.js';

export interface WriteBaselinePartOptions {
  /** The shard's Allure results folder. */
  resultsDir: string;
  /** Folder of part files (e.g. reports/baselines/parts). */
  partsDir: string;
  /** Shard folder name (`shard-1-of-4`, `local`); the part's file name. */
  shard: string;
  /** The run's id and context (the run manifest's). When absent they are read from `manifestFile`. */
  runId?: string;
  context?: RunContext;
  /** The run manifest (reportPaths(root).runManifest). Without it and without `runId`/`context`, the context is captured now and the id derived from the results. */
  manifestFile?: string;
  now?: () => number;
}

/** Writes `<partsDir>/<shard>.json`. Each shard writes only its own file, so shards never race on one file. */
export async function writeBaselinePart(options: WriteBaselinePartOptions): Promise<string> {
  if (!/^[A-Za-z0-9._-]+$/.test(options.shard))
    throw new RangeError(`shard name "${options.shard}" is not a safe file name`);
  const manifest =
    options.manifestFile !== undefined && (options.runId === undefined || options.context === undefined)
      ? await readRunManifest(options.manifestFile)
      : undefined;
  const run = await extractRunSamples([options.resultsDir]);
  const part: BaselinePart = {
    schemaVersion: 2,
    shard: options.shard,
    createdAt: new Date((options.now ?? Date.now)()).toISOString(),
    runId: options.runId ?? manifest?.runId ?? runIdFromResults(run.uuids),
    context: storedContext(options.context ?? manifest?.context ?? fallbackContext(run.scales)),
    samples: run.samples,
    failed: run.failed,
  };
  const path = join(options.partsDir, `${options.shard}.json`);
  await writeFileAtomic(path, `${JSON.stringify(part, null, 2)}\n`);
  return path;
}

/** Without a manifest: the context captured now, with the scale the tests recorded when they agree on one. */
function fallbackContext(scales: readonly number[]): RunContext {
  const captured = captureRunContext();
  return scales.length === 1 && scales[0] !== undefined ? { ...captured, scale: scales[0] } : captured;
}

/** Reads every part in the folder, validated; a corrupt part is an error naming the file and the field. */
export async function readBaselineParts(partsDir: string): Promise<BaselinePart[]> {
  let names: string[];
  try {
    names = (await readdir(partsDir)).filter((n) => n.endsWith('.json')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') names = [];
    else throw error;
  }
  if (names.length === 0)
    throw new BaselineFileError(
      'E_BASELINE_NO_PARTS',
      partsDir,
      `no baseline parts in ${partsDir}: run the shards first`,
    );
  const parts: BaselinePart[] = [];
  for (const name of names) {
    const path = join(partsDir, name);
    const value = await readJsonFile(path, 'E_BASELINE_PART_CORRUPT');
    const parsed = baselinePartSchema.safeParse(value);
    if (!parsed.success) {
      const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
      const why =
        version === 1
          ? 'a schemaVersion 1 part (calibrated wall time, no run context): run the suite again'
          : describeIssues(parsed.error);
      throw new BaselineFileError('E_BASELINE_PART_CORRUPT', path, `baseline part ${path} is not usable: ${why}`);
    }
    parts.push(parsed.data);
  }
  return parts;
}

/**
 * The run the parts belong to. Parts named by a run manifest must all name the same run (a stale part from an
 * earlier run is an error naming both); parts without a manifest (ids derived from their results) are one run.
 */
export function runIdOfParts(parts: readonly BaselinePart[], partsDir: string): string {
  const ids = [...new Set(parts.map((p) => p.runId))].sort();
  if (ids.length === 1) return ids[0] ?? '';
  const named = ids.filter((id) => !id.startsWith('results-'));
  if (named.length > 1) {
    throw new BaselineFileError(
      'E_BASELINE_PARTS_MIXED',
      partsDir,
      `baseline parts in ${partsDir} come from different runs (${named.join(', ')}): remove the stale part(s) and run again`,
    );
  }
  return named[0] ?? `results-${createHash('sha256').update(ids.join('\n')).digest('hex').slice(0, 16)}`;
}
