import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestMetrics } from '../metrics/index.js';

/** One Allure 3 run-level metric sample, as read from any `*-perf.json` in the results. */
export interface AllurePerfMetric {
  readonly id: string;
  readonly key: string;
  readonly value: number;
  readonly start: number;
  readonly stop: number;
  readonly title: string;
  readonly unit: string;
  readonly group: string;
  readonly better: 'lower' | 'higher';
}

/**
 * The test's headline figures as Allure metrics: duration, throughput, peak RSS, CPU time and (when
 * latencies were recorded) p99. Keys are per test (`E2E-108.durationMs`) because Allure averages
 * samples that share a key when it writes history; per-test keys give each test its own trend line.
 */
export function toAllurePerfMetrics(metrics: TestMetrics, window: { start: number; stop: number }): AllurePerfMetric[] {
  const group = metrics.id ?? metrics.title;
  const entries: [string, string, number, string, 'lower' | 'higher'][] = [
    ['durationMs', 'duration', metrics.durationMs, 'ms', 'lower'],
    ['throughputPerSec', 'throughput', metrics.throughputPerSec, 'items/s', 'higher'],
    ['rssPeakMb', 'peak RSS', metrics.memory.rssPeakMb, 'MB', 'lower'],
    ['cpuMs', 'CPU time', metrics.cpu.userMs + metrics.cpu.systemMs, 'ms', 'lower'],
  ];
  if (metrics.latency !== undefined) entries.push(['p99Ms', 'p99 latency', metrics.latency.p99Ms, 'ms', 'lower']);
  return entries.map(([name, title, value, unit, better]) => ({
    id: `${group}.${name}`,
    key: `${group}.${name}`,
    value: Math.round(value * 1000) / 1000,
    start: window.start,
    stop: window.stop,
    title: `${group} ${title}`,
    unit,
    group,
    better,
  }));
}

/** Writes `<name>-perf.json` into an Allure results folder (created if needed) and returns its path. */
export async function writePerfMetricsFile(
  resultsDir: string,
  name: string,
  metrics: readonly AllurePerfMetric[],
): Promise<string> {
  await mkdir(resultsDir, { recursive: true });
  const path = join(resultsDir, `${name}-perf.json`);
  await writeFile(path, JSON.stringify(metrics, null, 2));
  return path;
}
