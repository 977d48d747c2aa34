import type { AcceptedSample, BaselineFile } from './baseline-file.js';
import type { BaselinePart } from './baseline-part.js';
import { judgeMetric, type MetricDirection, type MetricJudgement, type NoiseModelOptions } from './noise-model.js';
import { normalizeSample } from './normalize-sample.js';

export type BaselineMetric = 'duration' | 'throughput' | 'peakRss';

export interface MetricComparison extends MetricJudgement {
  metric: BaselineMetric;
  /** Raw measured value (ms, items/s, MB), for people reading the report. */
  measured: number;
}

export interface TestComparison {
  key: string;
  name: string;
  shard: string;
  metrics: MetricComparison[];
  regressed: boolean;
}

const METRICS: { metric: BaselineMetric; better: MetricDirection; normalized: (s: AcceptedSample) => number | undefined; raw: (s: AcceptedSample) => number | undefined }[] = [
  { metric: 'duration', better: 'lower', normalized: (s) => s.normalizedDuration, raw: (s) => s.durationMs },
  { metric: 'throughput', better: 'higher', normalized: (s) => s.normalizedThroughput, raw: (s) => s.throughputPerSec },
  { metric: 'peakRss', better: 'lower', normalized: (s) => s.peakRssMb, raw: (s) => s.peakRssMb },
];

/** Judges every sample of the run against the last `keep` accepted samples of its test. */
export function compareRun(baseline: BaselineFile | undefined, parts: readonly BaselinePart[], options: NoiseModelOptions = {}): TestComparison[] {
  const comparisons: TestComparison[] = [];
  for (const part of parts) {
    for (const sample of part.samples) {
      const current = normalizeSample(sample, part.calibration.medianMs, 'current', part.createdAt);
      const history = baseline?.tests[sample.key]?.samples.slice(-(baseline.keep)) ?? [];
      const metrics: MetricComparison[] = [];
      for (const m of METRICS) {
        const value = m.normalized(current);
        const measured = m.raw(current);
        if (value === undefined || measured === undefined) continue;
        const past = history.map(m.normalized).filter((v) => v !== undefined);
        metrics.push({ metric: m.metric, measured, ...judgeMetric(past, value, m.better, options) });
      }
      comparisons.push({ key: sample.key, name: sample.name, shard: part.shard, metrics, regressed: metrics.some((x) => x.verdict === 'regression') });
    }
  }
  return comparisons.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
