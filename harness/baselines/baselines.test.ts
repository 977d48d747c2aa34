import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AllureResult } from '../classify/index.js';
import { acceptRun } from './accept-run.js';
import { readBaselineFile } from './baseline-file.js';
import { writeBaselinePart } from './baseline-part.js';
import { calibrationWorkload, runCalibration, type Calibration } from './calibration.js';
import { checkRegressions } from './check-regressions.js';
import { BaselineFileError } from './errors.js';
import { judgeMetric } from './noise-model.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'baselines-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const calibration = (medianMs: number): Calibration => ({ medianMs, roundsMs: [medianMs], checksum: 1 });

/** A shard's results folder with one passing test carrying a TestMetrics-like JSON attachment in a step. */
async function writeShardResults(dir: string, tests: Record<string, { durationMs: number; throughputPerSec: number; rssPeakMb: number }>): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  for (const [name, m] of Object.entries(tests)) {
    const source = `${name}-metrics-attachment.json`;
    await writeFile(join(dir, source), JSON.stringify({ schemaVersion: 1, durationMs: m.durationMs, throughputPerSec: m.throughputPerSec, memory: { rssPeakMb: m.rssPeakMb } }));
    const result: AllureResult = {
      uuid: name,
      name,
      historyId: `h-${name}`,
      status: 'passed',
      statusDetails: {},
      start: 0,
      stop: 1,
      steps: [{ name: 'metrics', attachments: [{ name: 'metrics.json', source, type: 'application/json' }] }],
    };
    await writeFile(join(dir, `${name}-result.json`), JSON.stringify(result));
  }
}

describe('judgeMetric', () => {
  it('never flags a value within 15% of the median, and always flags one far beyond the history (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 10, max: 20, noNaN: true }), { minLength: 3, maxLength: 10 }), fc.double({ min: 0, max: 1, noNaN: true }), (history, t) => {
        const max = Math.max(...history);
        const m = [...history].sort((a, b) => a - b)[Math.floor(history.length / 2)] ?? 0;
        const lo = [...history].sort((a, b) => a - b)[Math.floor((history.length - 1) / 2)] ?? 0;
        const median = (m + lo) / 2;
        expect(judgeMetric(history, median * (1 + 0.149 * t), 'lower').verdict).not.toBe('regression');
        expect(judgeMetric(history, median * (1 - 0.149 * t), 'higher').verdict).not.toBe('regression');
        expect(judgeMetric(history, max * 3 + 100, 'lower').verdict).toBe('regression');
      }),
      { seed: 8, numRuns: 200 },
    );
  });

  it('scales the margin with the spread: a noisy history tolerates more', () => {
    expect(judgeMetric([100, 100, 100, 100], 130, 'lower').verdict).toBe('regression');
    expect(judgeMetric([60, 100, 140, 100, 80, 120], 130, 'lower').verdict).toBe('ok');
    expect(judgeMetric([100, 100], 500, 'lower').verdict).toBe('insufficient-history');
    expect(judgeMetric([50, 52, 48], 30, 'higher').verdict).toBe('regression');
    expect(judgeMetric([50, 52, 48], 80, 'higher').verdict).toBe('improvement');
  });
});

describe('calibration', () => {
  it('does the same work everywhere (checksum) and reports the median round', () => {
    expect(calibrationWorkload(10_000)).toBe(calibrationWorkload(10_000));
    const readings = [0, 5, 10, 55, 60, 67, 70, 73]; // start/stop pairs of four rounds
    let i = 0;
    const result = runCalibration({ rounds: 4, size: 1000, now: () => readings[i++] ?? Number.NaN });
    expect(result.roundsMs).toEqual([5, 45, 7, 3]);
    expect(result.medianMs).toBe(6); // one slow (preempted) round does not move it
  });
});

describe('shard parts, acceptance and regressions', () => {
  const partsDir = () => join(root, 'parts');
  const baselineFile = () => join(root, 'baselines.json');
  const steady = { durationMs: 100, throughputPerSec: 50, rssPeakMb: 80 };

  async function runShards(shardTests: Record<string, typeof steady>[], calibrationMs: number[]): Promise<string[]> {
    await rm(partsDir(), { recursive: true, force: true });
    const dirs: string[] = [];
    for (const [i, tests] of shardTests.entries()) {
      const shard = `shard-${i + 1}-of-${shardTests.length}`;
      const dir = join(root, 'results', shard);
      await writeShardResults(dir, tests);
      await writeBaselinePart({ resultsDir: dir, partsDir: partsDir(), shard, calibration: calibration(calibrationMs[i] ?? 10) });
      dirs.push(dir);
    }
    return dirs;
  }

  async function acceptSteadyRuns(n: number): Promise<void> {
    for (let run = 0; run < n; run += 1) {
      await runShards([{ a: { ...steady, durationMs: 100 + run } }, { b: steady }], [10, 10]);
      await acceptRun({ baselineFile: baselineFile(), partsDir: partsDir(), keep: 5, runId: `r${run}` });
    }
  }

  it('merges all shard parts into one file and keeps only the last k runs', async () => {
    await acceptSteadyRuns(7);
    const file = await readBaselineFile(baselineFile());
    expect(Object.keys(file?.tests ?? {}).sort()).toEqual(['h-a', 'h-b']);
    expect(file?.tests['h-a']?.samples.map((s) => s.runId)).toEqual(['r2', 'r3', 'r4', 'r5', 'r6']);
    expect(file?.tests['h-a']?.samples[0]).toMatchObject({ durationMs: 102, normalizedDuration: 10.2, peakRssMb: 80 });
  });

  it('flags a slower test, attaches the comparison and labels it; a slower machine alone is not a regression', async () => {
    await acceptSteadyRuns(4);

    const dirs = await runShards([{ a: { ...steady, durationMs: 250 } }, { b: { ...steady, durationMs: 200, throughputPerSec: 25 } }], [10, 20]);
    const report = await checkRegressions({ baselineFile: baselineFile(), partsDir: partsDir(), resultsDirs: dirs });

    expect(report.regressed).toEqual(['h-a']);
    const a = JSON.parse(await readFile(join(dirs[0] ?? '', 'a-result.json'), 'utf8')) as AllureResult;
    expect(a.labels).toContainEqual({ name: 'failureClass', value: 'regression' });
    expect(a.statusDetails?.message).toMatch(/performance regression: duration 2\.4\d× the baseline median/);
    const attachment = a.attachments?.find((x) => x.name === 'baseline comparison');
    const comparison = JSON.parse(await readFile(join(dirs[0] ?? '', attachment?.source ?? 'missing'), 'utf8')) as { regressed: boolean };
    expect(comparison.regressed).toBe(true);
    const b = JSON.parse(await readFile(join(dirs[1] ?? '', 'b-result.json'), 'utf8')) as AllureResult;
    expect(b.labels ?? []).not.toContainEqual({ name: 'failureClass', value: 'regression' });
  });

  it('refuses a truncated baselines file by name and leaves it untouched', async () => {
    await acceptSteadyRuns(1);
    const truncated = (await readFile(baselineFile(), 'utf8')).slice(0, 40);
    await writeFile(baselineFile(), truncated);
    const error = await acceptRun({ baselineFile: baselineFile(), partsDir: partsDir() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BaselineFileError);
    expect((error as BaselineFileError).code).toBe('E_BASELINE_CORRUPT');
    expect((error as Error).message).toContain(baselineFile());
    expect(await readFile(baselineFile(), 'utf8')).toBe(truncated);
  });

  it('refuses a corrupt shard part by name', async () => {
    await runShards([{ a: steady }], [10]);
    const bad = join(partsDir(), 'shard-9-of-9.json');
    await writeFile(bad, '{"schemaVersion":1,"samp');
    await expect(acceptRun({ baselineFile: baselineFile(), partsDir: partsDir() })).rejects.toThrow(bad);
    await expect(readFile(baselineFile(), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
