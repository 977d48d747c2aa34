import { performance } from 'node:perf_hooks';
import type { ChildMeasurement, Outcome } from './bench-types.js';

/** The line prefix a contender process prints its result after; everything else on stdout is ignored. */
export const RESULT_PREFIX = 'BENCH_RESULT ';

/** What a contender's work function returns; the child adds its own peak RSS. */
export interface WorkResult {
  readonly ms: number;
  readonly cpuMs: number;
  readonly items: number;
  readonly outcome: Outcome;
  /** A contender that times another process (a CLI it spawns) reports that process's peak RSS instead of its own. */
  readonly peakRssMb?: number;
}

export class BenchProtocolError extends Error {
  override readonly name = 'BenchProtocolError';
  readonly code = 'BENCH_PROTOCOL';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * Runs inside a contender process: reads the task (JSON in argv[2]), does the work, prints one result line with
 * the process's own peak RSS (`process.resourceUsage().maxRSS`, kB on Linux) and sets the exit code.
 */
export async function runContender<Task>(work: (task: Task) => Promise<WorkResult>): Promise<void> {
  const raw = process.argv[2];
  if (raw === undefined) throw new BenchProtocolError('contender started without a task argument');
  const result = await work(JSON.parse(raw) as Task);
  const measurement: ChildMeasurement = {
    ...result,
    peakRssMb: result.peakRssMb ?? process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(measurement)}\n`);
}

/** Starts timing the work (wall and CPU); `stop()` returns both in milliseconds. */
export function startWorkTimer(): { stop(): { ms: number; cpuMs: number } } {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return {
    stop() {
      const ms = performance.now() - wall;
      const used = process.cpuUsage(cpu);
      return { ms, cpuMs: (used.user + used.system) / 1000 };
    },
  };
}

/** Finds and validates the result line in a contender's stdout. */
export function parseChildOutput(stdout: string): ChildMeasurement {
  const line = stdout
    .split('\n')
    .reverse()
    .find((l) => l.startsWith(RESULT_PREFIX));
  if (line === undefined) throw new BenchProtocolError('the contender printed no result line');
  let parsed: unknown;
  try {
    parsed = JSON.parse(line.slice(RESULT_PREFIX.length));
  } catch (error) {
    throw new BenchProtocolError('the contender printed a result line that is not JSON', { cause: error });
  }
  if (!isMeasurement(parsed)) throw new BenchProtocolError(`malformed result: ${line.slice(0, 200)}`);
  return parsed;
}

function isMeasurement(value: unknown): value is ChildMeasurement {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['ms'] === 'number' &&
    Number.isFinite(v['ms']) &&
    typeof v['cpuMs'] === 'number' &&
    typeof v['items'] === 'number' &&
    typeof v['peakRssMb'] === 'number' &&
    typeof v['outcome'] === 'object' &&
    v['outcome'] !== null
  );
}
