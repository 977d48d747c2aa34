import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchRow, ContenderRun } from './bench-types.js';
import type { MachineInfo } from './machine-info.js';

/** Everything a run measured, as written to reports/bench/. */
export interface BenchReport {
  readonly timestamp: string;
  readonly mode: 'quick' | 'full';
  readonly seed: number;
  readonly repetitions: number;
  /** Machine and load average when the run started and when it ended. */
  readonly machine: MachineInfo;
  readonly loadAverageAtEnd: readonly number[];
  readonly durationMs: number;
  readonly rssSource: string;
  /** Peak RSS of a contender process that does no work (node + tsx). */
  readonly baselineRssMb: number | undefined;
  readonly timingNote: string;
  readonly rows: readonly BenchRow[];
  /** Every repetition of every contender, for anyone who wants more than medians. */
  readonly runs: readonly ContenderRun[];
}

export interface WrittenReport {
  readonly jsonPath: string;
  readonly markdownPath: string;
}

/**
 * Writes `bench-<timestamp>.json` plus `latest.json` and `latest.md` (the printed table). Each file is written
 * to a temporary name and renamed, so a reader never sees half a report.
 */
export function writeBenchReport(dir: string, report: BenchReport, markdown: string): WrittenReport {
  mkdirSync(dir, { recursive: true });
  const stamp = report.timestamp.replaceAll(':', '-').replace(/\.\d+Z$/, 'Z');
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const jsonPath = join(dir, `bench-${stamp}.json`);
  const markdownPath = join(dir, 'latest.md');
  writeAtomically(jsonPath, json);
  writeAtomically(join(dir, 'latest.json'), json);
  writeAtomically(markdownPath, markdown);
  return { jsonPath, markdownPath };
}

function writeAtomically(path: string, text: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}
