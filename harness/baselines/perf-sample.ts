import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  groupAttempts,
  readResultFiles,
  type AllureAttachmentRef,
  type AllureStep,
  type ResultFile,
} from '../classify/index.js';
import type { MeasuredFigures, PerfSample } from './types.js';

const METRICS_NAME = /metrics/i;

/** This run's tests as the baselines see them: a sample per test whose final attempt passed, and the failed ones. */
export interface RunSamples {
  samples: PerfSample[];
  failed: { key: string; name: string; status: string }[];
  /** Every result uuid read, sorted: the results' identity when no run manifest names the run. */
  uuids: string[];
  /** STRESS_SCALE as the tests' metrics recorded it (one value per distinct scale seen). */
  scales: number[];
}

/**
 * One sample per test whose final attempt passed (a flaky test counts: its last attempt measured working code),
 * from the harness's metrics JSON attachment (`measured`: CPU time, robust wall time and memory growth of the
 * test's own measured windows). Older metrics records without `measured` fall back to the whole body's CPU and
 * RSS growth; a test without a metrics attachment gives only the Allure duration as wall time. Failed and broken
 * final attempts are listed, not sampled: their numbers describe a broken run.
 */
export async function extractRunSamples(resultsDirs: readonly string[]): Promise<RunSamples> {
  const files = await readResultFiles(resultsDirs);
  const samples: PerfSample[] = [];
  const failed: RunSamples['failed'] = [];
  const scales = new Set<number>();
  for (const { key, attempts } of groupAttempts(files)) {
    const final = attempts[attempts.length - 1];
    if (final === undefined) continue;
    const name = final.result.name ?? key;
    const status = final.result.status ?? 'unknown';
    if (status === 'skipped') continue;
    if (status !== 'passed') {
      failed.push({ key, name, status });
      continue;
    }
    const measured = await readMeasured(final, scales);
    if (measured !== undefined) samples.push({ key, name, measured });
    else if (final.result.start !== undefined && final.result.stop !== undefined)
      samples.push({ key, name, measured: { wallMs: final.result.stop - final.result.start } });
  }
  return { samples, failed, uuids: files.map((f) => f.result.uuid).sort(), scales: [...scales].sort((a, b) => a - b) };
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

async function readMeasured(file: ResultFile, scales: Set<number>): Promise<MeasuredFigures | undefined> {
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
    if (parsed === null || typeof parsed !== 'object') continue;
    const m = parsed as {
      scale?: unknown;
      durationMs?: unknown;
      measured?: Record<string, unknown>;
      cpu?: { userMs?: unknown; systemMs?: unknown };
      memory?: { rssStartMb?: unknown; rssPeakMb?: unknown };
    };
    const scale = num(m.scale);
    if (scale !== undefined && scale > 0) scales.add(scale);
    if (m.measured !== undefined && num(m.measured['cpuMs']) !== undefined) {
      const w = m.measured;
      return pruned({
        wallMs: num(w['wallMs']),
        cpuMs: num(w['cpuMs']),
        threadCpuMs: num(w['threadCpuMs']),
        rssGrowthMb: num(w['rssGrowthMb']),
        heapGrowthMb: num(w['heapGrowthMb']),
        samples: num(w['samples']),
        rssPeakMb: num(w['rssPeakMb']),
      });
    }
    const durationMs = num(m.durationMs);
    if (durationMs === undefined) continue;
    const user = num(m.cpu?.userMs);
    const system = num(m.cpu?.systemMs);
    const rssStart = num(m.memory?.rssStartMb);
    const rssPeak = num(m.memory?.rssPeakMb);
    return pruned({
      wallMs: durationMs,
      cpuMs: user !== undefined && system !== undefined ? user + system : undefined,
      rssGrowthMb: rssStart !== undefined && rssPeak !== undefined ? rssPeak - rssStart : undefined,
      rssPeakMb: rssPeak,
    });
  }
  return undefined;
}

function pruned(figures: Record<string, number | undefined>): MeasuredFigures {
  return Object.fromEntries(Object.entries(figures).filter(([, v]) => v !== undefined)) as MeasuredFigures;
}

function collectAttachments(
  own: AllureAttachmentRef[] | undefined,
  steps: AllureStep[] | undefined,
): AllureAttachmentRef[] {
  const found = [...(own ?? [])];
  for (const step of steps ?? []) found.push(...collectAttachments(step.attachments, step.steps));
  return found;
}
