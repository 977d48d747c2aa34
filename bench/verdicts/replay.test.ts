import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../engines/common/index.js';
import type { MeasuredRun, TestFigures, TestSample } from './measure-run.js';
import { legacyDetector, newDetector, replay } from './replay.js';

const figures = (cpuMs: number): TestFigures => ({
  threadCpuMs: cpuMs,
  cpuMs,
  wallMs: cpuMs * 1.5,
  rssGrowthMb: 2,
  heapGrowthMb: 3,
  durationMs: cpuMs * 1.5,
  throughputPerSec: 1000 / (cpuMs * 1.5),
  peakRssMb: 200,
});
const sample = (cpuMs: number): TestSample => ({
  single: figures(cpuMs),
  repeated: figures(cpuMs),
  roundsCpuMs: [cpuMs],
  roundsThreadCpuMs: [cpuMs],
});

/** Runs whose CPU time wobbles ±2% around 200 ms, and whose slowed twin took `factor` times as long. */
function syntheticRuns(n: number, factor: number, seed: number): MeasuredRun[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: n }, () => {
    const cpu = 200 * (1 + (random() - 0.5) * 0.04);
    return {
      calibrationMs: 40,
      plain: { t: sample(cpu) },
      slowed: { t: sample(cpu * factor) },
      slowedCalibrationMs: 40,
    };
  });
}

describe('verdicts replay', () => {
  it('counts no false regression on a steady history and catches every large slowdown, for both detectors', () => {
    const [ours, old] = replay([newDetector('single'), legacyDetector], {
      runs: syntheticRuns(12, 1.5, 3),
      tests: ['t'],
      historyRuns: 5,
      trials: 50,
      random: createSeededRandom(9),
    });
    expect(ours).toMatchObject({ testRuns: 50, falseRegressions: 0, slowdowns: 50, caughtWithinTwo: 50 });
    expect(old).toMatchObject({ testRuns: 50, falseRegressions: 0, slowdowns: 50, caughtWithinTwo: 50 });
  });

  it('catches nothing when nothing was slowed, and refuses a history longer than the runs allow', () => {
    const [ours] = replay([newDetector('repeated')], {
      runs: syntheticRuns(8, 1, 4),
      tests: ['t'],
      historyRuns: 3,
      trials: 40,
      random: createSeededRandom(1),
    });
    expect(ours?.caughtWithinTwo).toBe(0);
    expect(() =>
      replay([newDetector('single')], {
        runs: syntheticRuns(5, 1, 4),
        tests: ['t'],
        historyRuns: 5,
        trials: 1,
        random: Math.random,
      }),
    ).toThrow(RangeError);
  });
});
