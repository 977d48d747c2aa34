import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../engines/common/index.js';
import { runCalibration, type Calibration } from './calibration.js';
import { BaselineFileError } from './errors.js';
import { extractPerfSamples, type PerfSample } from './perf-sample.js';
import { readJsonFile } from './read-json-file.js';

/** What one shard measured, with the calibration timed on the same machine in the same run. */
export interface BaselinePart {
  schemaVersion: 1;
  shard: string;
  createdAt: string;
  calibration: Calibration;
  samples: PerfSample[];
}

export interface WriteBaselinePartOptions {
  /** The shard's Allure results folder. */
  resultsDir: string;
  /** Folder of part files (e.g. reports/baselines/parts). */
  partsDir: string;
  /** Shard folder name (`shard-1-of-4`, `local`); the part's file name. */
  shard: string;
  /** Defaults to timing the calibration workload now. */
  calibration?: Calibration;
  now?: () => number;
}

/** Writes `<partsDir>/<shard>.json`. Each shard writes only its own file, so shards never race on one file. */
export async function writeBaselinePart(options: WriteBaselinePartOptions): Promise<string> {
  if (!/^[A-Za-z0-9._-]+$/.test(options.shard)) throw new RangeError(`shard name "${options.shard}" is not a safe file name`);
  const part: BaselinePart = {
    schemaVersion: 1,
    shard: options.shard,
    createdAt: new Date((options.now ?? Date.now)()).toISOString(),
    calibration: options.calibration ?? runCalibration(),
    samples: await extractPerfSamples([options.resultsDir]),
  };
  const path = join(options.partsDir, `${options.shard}.json`);
  await writeFileAtomic(path, `${JSON.stringify(part, null, 2)}\n`);
  return path;
}

/** Reads every part in the folder; a corrupt part is an error naming it. */
export async function readBaselineParts(partsDir: string): Promise<BaselinePart[]> {
  let names: string[];
  try {
    names = (await readdir(partsDir)).filter((n) => n.endsWith('.json')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') names = [];
    else throw error;
  }
  if (names.length === 0) throw new BaselineFileError('E_BASELINE_NO_PARTS', partsDir, `no baseline parts in ${partsDir}: run the shards first`);
  const parts: BaselinePart[] = [];
  for (const name of names) {
    const path = join(partsDir, name);
    const value = (await readJsonFile(path, 'E_BASELINE_PART_CORRUPT')) as Partial<BaselinePart> | undefined;
    if (
      value?.schemaVersion !== 1 ||
      !Array.isArray(value.samples) ||
      typeof value.calibration?.medianMs !== 'number' ||
      !(value.calibration.medianMs > 0)
    ) {
      throw new BaselineFileError('E_BASELINE_PART_CORRUPT', path, `baseline part ${path} is not a schemaVersion 1 part with a calibration`);
    }
    parts.push(value as BaselinePart);
  }
  return parts;
}
