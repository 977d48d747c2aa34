import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { groupAttempts, readResultFiles, type AllureAttachmentRef, type AllureStep, type ResultFile } from '../classify/index.js';

/** The numbers a baseline tracks for one test in one run, as measured (not yet normalised). */
export interface PerfSample {
  key: string;
  name: string;
  durationMs: number;
  throughputPerSec?: number;
  peakRssMb?: number;
}

const METRICS_NAME = /metrics/i;

/**
 * One sample per test whose final attempt passed, from the harness's metrics JSON attachment (the
 * `TestMetrics` record: durationMs, throughputPerSec, memory.rssPeakMb); tests without one fall back to the
 * Allure duration. Failed attempts are left out: their numbers describe a broken run, not the code's speed.
 */
export async function extractPerfSamples(resultsDirs: readonly string[]): Promise<PerfSample[]> {
  const groups = groupAttempts(await readResultFiles(resultsDirs));
  const samples: PerfSample[] = [];
  for (const { key, attempts } of groups) {
    const final = attempts[attempts.length - 1];
    if (final === undefined || final.result.status !== 'passed') continue;
    const metrics = await readMetricsAttachment(final);
    const name = final.result.name ?? key;
    if (metrics !== undefined) {
      samples.push({ key, name, ...metrics });
    } else if (final.result.start !== undefined && final.result.stop !== undefined) {
      samples.push({ key, name, durationMs: final.result.stop - final.result.start });
    }
  }
  return samples;
}

async function readMetricsAttachment(file: ResultFile): Promise<Omit<PerfSample, 'key' | 'name'> | undefined> {
  const refs = collectAttachments(file.result.attachments, file.result.steps).filter(
    (a) => METRICS_NAME.test(a.name) && (a.type ?? '').includes('json'),
  );
  for (const ref of refs) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(join(file.dir, ref.source), 'utf8'));
    } catch {
      continue; // an unrelated or missing attachment that happens to be named "metrics"
    }
    const m = parsed as { durationMs?: unknown; throughputPerSec?: unknown; memory?: { rssPeakMb?: unknown } } | null;
    if (m === null || typeof m !== 'object' || typeof m.durationMs !== 'number') continue;
    return {
      durationMs: m.durationMs,
      ...(typeof m.throughputPerSec === 'number' && m.throughputPerSec > 0 ? { throughputPerSec: m.throughputPerSec } : {}),
      ...(typeof m.memory?.rssPeakMb === 'number' ? { peakRssMb: m.memory.rssPeakMb } : {}),
    };
  }
  return undefined;
}

function collectAttachments(own: AllureAttachmentRef[] | undefined, steps: AllureStep[] | undefined): AllureAttachmentRef[] {
  const found = [...(own ?? [])];
  for (const step of steps ?? []) found.push(...collectAttachments(step.attachments, step.steps));
  return found;
}
