/**
 * Replays a recorded verdicts bench run (`reports/bench/verdicts-<timestamp>.json`) through today's detectors
 * without measuring again: `npx tsx bench/verdicts/replay-recorded.ts <file> [--trials N]`. Prints the bench's
 * markdown (same seeded draws as the bench for the same seed and trials).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createSeededRandom } from '../../engines/common/index.js';
import type { MeasuredRun } from './measure-run.js';
import { renderMarkdown, replayPhase, type PhaseResult } from './run-verdicts-bench.js';

interface RecordedBench {
  seed: number;
  /** perf.repeat's options (absent in recordings before the CPU budget: a fixed count, each run's round count). */
  repeat?: { rounds: number; minCpuMs: number };
  tests: string[];
  phases: { load: string; loadAverage: number[]; runs: MeasuredRun[]; extraCpuMs: Record<string, number[]> }[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { trials: { type: 'string', default: '1000' } },
});
const file = positionals[0];
const trials = Number(values.trials);
if (file === undefined || !Number.isInteger(trials) || trials < 1) {
  process.stderr.write('usage: replay-recorded <verdicts-*.json> [--trials N]\n');
  process.exit(2);
}
const recorded = JSON.parse(readFileSync(file, 'utf8')) as RecordedBench;
const random = createSeededRandom(recorded.seed);
const phases: PhaseResult[] = recorded.phases.map((p) => ({
  ...p,
  replays: replayPhase(p.runs, recorded.tests, trials, random),
}));
const firstRun = recorded.phases[0]?.runs[0];
const rounds =
  recorded.repeat?.rounds ?? (firstRun === undefined ? 0 : (Object.values(firstRun.plain)[0]?.roundsCpuMs.length ?? 0));
process.stdout.write(
  renderMarkdown(phases, recorded.tests, {
    seed: recorded.seed,
    runs: recorded.phases[0]?.runs.length ?? 0,
    rounds,
    ...(recorded.repeat !== undefined ? { minCpuMs: recorded.repeat.minCpuMs } : {}),
    trials,
  }),
);
