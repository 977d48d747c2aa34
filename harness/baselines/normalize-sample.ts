import type { AcceptedSample } from './baseline-file.js';
import type { PerfSample } from './perf-sample.js';

/** Expresses a measured sample in calibration units so numbers from different machines compare. */
export function normalizeSample(sample: PerfSample, calibrationMs: number, runId: string, acceptedAt: string): AcceptedSample {
  return {
    runId,
    acceptedAt,
    calibrationMs,
    durationMs: sample.durationMs,
    normalizedDuration: sample.durationMs / calibrationMs,
    ...(sample.throughputPerSec !== undefined
      ? { throughputPerSec: sample.throughputPerSec, normalizedThroughput: (sample.throughputPerSec * calibrationMs) / 1000 }
      : {}),
    ...(sample.peakRssMb !== undefined ? { peakRssMb: sample.peakRssMb } : {}),
  };
}
