import { loadavg } from 'node:os';
import { median, sampleStandardDeviation } from 'simple-statistics';
import { createSeededRandom } from '../../engines/common/index.js';
import { startExternalCpuHog } from './external-hog.js';
import type { MeasuredRun, SuiteRunResult } from './measure-run.js';
import { runSuiteChild } from './run-suite-child.js';
import { legacyDetector, newDetector, replay, type ReplayFigures } from './replay.js';
import { prepareWorkloads } from './workloads.js';

export interface VerdictsBenchOptions {
  seed: number;
  /** Measured suite runs per load condition. */
  runs: number;
  /** perf.repeat rounds per test (the first round alone is the single-window figure; the first `rounds` a fixed repeat). */
  rounds: number;
  /** perf.repeat's CPU budget per test: more rounds (up to `maxRounds`) until the section spent this much CPU time. */
  minCpuMs: number;
  maxRounds: number;
  /** Replay trials per history length. */
  trials: number;
  workDir: string;
  /** Repository root (the hog process resolves tsx from it). */
  cwd: string;
  log: (line: string) => void;
  signal?: AbortSignal;
}

export interface PhaseResult {
  load: string;
  loadAverage: number[];
  runs: MeasuredRun[];
  /** Injected CPU per test and round. */
  extraCpuMs: Record<string, number[]>;
  replays: { historyRuns: number; figures: ReplayFigures[] }[];
}

export interface VerdictsBenchResult {
  phases: PhaseResult[];
  tests: string[];
  markdown: string;
  durationMs: number;
}

export const SLOWDOWN = 0.25;
const GOAL_FALSE_PER_100 = 1;
const GOAL_CAUGHT = 0.95;

async function measurePhase(
  load: string,
  tests: readonly string[],
  options: VerdictsBenchOptions,
  random: () => number,
): Promise<PhaseResult> {
  const started = performance.now();
  const child = (extraCpuMs: Record<string, number[]>): Promise<SuiteRunResult> =>
    runSuiteChild(
      {
        workDir: options.workDir,
        seed: options.seed,
        extraCpuMs,
        repeat: { rounds: options.rounds, minCpuMs: options.minCpuMs, maxRounds: options.maxRounds, maxMs: 60_000 },
      },
      { cwd: options.cwd, timeoutMs: 300_000, ...(options.signal !== undefined ? { signal: options.signal } : {}) },
    );
  // Three plain runs first: the injected slowdown is 25% of each test's median thread CPU time over them, under this load,
  // round by round (a first, cold round costs more than the warmed-up ones; a later round than they ran gets the last).
  const plain: SuiteRunResult[] = [];
  for (let r = 0; r < 3; r++) plain.push(await child({}));
  const extraCpuMs: Record<string, number[]> = {};
  for (const test of tests) {
    const rounds = plain.map((p) => p.tests[test]?.roundsThreadCpuMs ?? []);
    const extra: number[] = [];
    for (let r = 0; rounds.some((rs) => r < rs.length); r++)
      extra.push(SLOWDOWN * median(rounds.filter((rs) => r < rs.length).map((rs) => rs[r] ?? 0)));
    extraCpuMs[test] = extra;
  }
  // Then plain and slowed suite runs alternate, so both see the same load over time.
  const slowed: SuiteRunResult[] = [];
  while (slowed.length < options.runs) {
    if (plain.length < options.runs && plain.length <= slowed.length + 3) plain.push(await child({}));
    slowed.push(await child(extraCpuMs));
    options.log(
      `verdicts: ${load}: ${plain.length} plain + ${slowed.length} slowed suite runs (${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
  }
  while (plain.length < options.runs) plain.push(await child({}));
  const runs: MeasuredRun[] = plain.map((p, i) => {
    const s = slowed[i] as SuiteRunResult;
    return { calibrationMs: p.calibrationMs, plain: p.tests, slowed: s.tests, slowedCalibrationMs: s.calibrationMs };
  });
  return {
    load,
    loadAverage: loadavg().map((n) => Math.round(n * 100) / 100),
    runs,
    extraCpuMs,
    replays: replayPhase(runs, tests, options.trials, random),
  };
}

/**
 * Replays one load's measured runs through the new detector (one timed window; perf.repeat with a fixed round count;
 * perf.repeat with a CPU budget) and the old one, at k = 3, 5, 10. Older recordings have no fixed-round figure.
 */
export function replayPhase(
  runs: readonly MeasuredRun[],
  tests: readonly string[],
  trials: number,
  random: () => number,
): PhaseResult['replays'] {
  return [3, 5, 10]
    .filter((k) => k + 2 <= runs.length)
    .map((historyRuns) => ({
      historyRuns,
      figures: replay(
        [
          newDetector('single'),
          ...(runs.every((r) => Object.values(r.plain).every((t) => t.repeatedFixed !== undefined))
            ? [newDetector('repeatedFixed')]
            : []),
          newDetector('repeated'),
          legacyDetector,
        ],
        {
          runs,
          tests,
          historyRuns,
          trials,
          random,
        },
      ),
    }));
}

/**
 * Measures the suite's kinds of work `runs` times quiet and `runs` times under the harness's CPU hog on every core,
 * each test plain and with 25% more CPU work injected, then replays the measured runs through the new and the old
 * detector (same draws for both).
 */
export async function runVerdictsBench(options: VerdictsBenchOptions): Promise<VerdictsBenchResult> {
  const started = performance.now();
  const random = createSeededRandom(options.seed);
  const tests = (await prepareWorkloads(options.workDir, options.seed)).map((w) => w.name);
  const phases: PhaseResult[] = [];
  phases.push(await measurePhase('no injected load', tests, options, random));
  const hog = await startExternalCpuHog({
    threads: 2,
    cwd: options.cwd,
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
  });
  try {
    phases.push(await measurePhase('cpu-hog on both cores (2 threads, own process)', tests, options, random));
  } finally {
    await hog.release();
  }
  return { phases, tests, markdown: renderMarkdown(phases, tests, options), durationMs: performance.now() - started };
}

const pct = (n: number): string => `${(n * 100).toFixed(1)}%`;
const logSd = (values: readonly number[]): number =>
  values.length > 1 && values.every((v) => v > 0) ? sampleStandardDeviation(values.map(Math.log)) : 0;

/** The bench's markdown: the replay table per load and history length, then the measured per-test noise. */
export function renderMarkdown(
  phases: readonly PhaseResult[],
  tests: readonly string[],
  options: Pick<VerdictsBenchOptions, 'seed' | 'runs' | 'rounds' | 'trials'> & { minCpuMs?: number },
): string {
  const lines: string[] = [];
  lines.push(
    `### Regression verdicts (seed ${options.seed}, ${options.runs} plain + ${options.runs} slowed suite runs per load, perf.repeat of ${options.rounds} rounds per test${options.minCpuMs !== undefined ? ` and of ${options.rounds} counted rounds run up to ${options.minCpuMs} ms of CPU` : ''}, ${options.trials} replay trials per history length)`,
    '',
  );
  lines.push(
    '| load | history (accepted runs) | detector | false regressions per 100 test-runs (goal ≤ 1) | 25% slowdowns caught within two runs (goal ≥ 95%) | caught in the first run | false flags by metric |',
  );
  lines.push('| --- | --- | --- | --- | --- | --- | --- |');
  for (const phase of phases) {
    for (const { historyRuns, figures } of phase.replays) {
      for (const f of figures) {
        const per100 = (100 * f.falseRegressions) / f.testRuns;
        const caught = f.caughtWithinTwo / f.slowdowns;
        const byMetric =
          Object.entries(f.falseByMetric)
            .map(([m, c]) => `${m} ${c}`)
            .join(', ') || '–';
        lines.push(
          `| ${phase.load} | ${historyRuns} | ${f.detector} | ${per100.toFixed(2)} (${f.falseRegressions}/${f.testRuns}) ${per100 <= GOAL_FALSE_PER_100 ? 'PASS' : 'MISS'} | ${pct(caught)} (${f.caughtWithinTwo}/${f.slowdowns}) ${caught >= GOAL_CAUGHT ? 'PASS' : 'MISS'} | ${pct(f.caughtFirst / f.slowdowns)} | ${byMetric} |`,
        );
      }
    }
  }
  lines.push('', 'Slowdowns caught within two runs, by slowed test (largest history replayed):', '');
  lines.push(`| load | k | detector | ${tests.join(' | ')} |`);
  lines.push(`| --- | --- | --- | ${tests.map(() => '---').join(' | ')} |`);
  for (const phase of phases) {
    const last = phase.replays[phase.replays.length - 1];
    if (last === undefined) continue;
    for (const f of last.figures) {
      lines.push(
        `| ${phase.load} | ${last.historyRuns} | ${f.detector} | ${tests
          .map((t) => {
            const [c, n] = f.caughtByTest[t] ?? [0, 0];
            return n === 0 ? '–' : `${pct(c / n)} (${n})`;
          })
          .join(' | ')} |`,
      );
    }
  }
  lines.push(
    '',
    `Measured per-test noise (plain suite runs, one process each; spread = sd of ln(value) over the runs, about the CV; single = the first timed window, fixed = what perf.repeat records over ${options.rounds} rounds, repeat = what it records over the rounds run (fixed, or up to the CPU budget): thread CPU at the fastest round, process CPU at the median round):`,
    '',
  );
  lines.push(
    '| load | test | thread CPU median | thread CPU spread | thread CPU spread, fixed | thread CPU spread, repeat | rounds run (median) | process CPU spread | process CPU spread, repeat | wall median | wall spread | RSS growth median (sd) | heap growth median (sd) | injected thread CPU per round | old: calibrated wall spread |',
  );
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const phase of phases) {
    for (const test of tests) {
      const figs = phase.runs.map((r) => r.plain[test]?.single).filter((f) => f !== undefined);
      const rep = phase.runs.map((r) => r.plain[test]?.repeated).filter((f) => f !== undefined);
      const fixed = phase.runs.map((r) => r.plain[test]?.repeatedFixed).filter((f) => f !== undefined);
      const roundsRun = phase.runs.map((r) => r.plain[test]?.roundsThreadCpuMs.length ?? 0);
      const thread = figs.map((f) => f.threadCpuMs);
      const wall = figs.map((f) => f.wallMs);
      const rss = figs.map((f) => f.rssGrowthMb);
      const heap = figs.map((f) => f.heapGrowthMb);
      const calibrated = phase.runs.map((r) => (r.plain[test]?.single.durationMs ?? 0) / r.calibrationMs);
      lines.push(
        `| ${phase.load} | ${test} | ${median(thread).toFixed(1)} ms | ${pct(logSd(thread))} | ${fixed.length > 1 ? pct(logSd(fixed.map((f) => f.threadCpuMs))) : '–'} | ${pct(logSd(rep.map((f) => f.threadCpuMs)))} | ${median(roundsRun)} | ${pct(logSd(figs.map((f) => f.cpuMs)))} | ${pct(logSd(rep.map((f) => f.cpuMs)))} | ${median(wall).toFixed(1)} ms | ${pct(logSd(wall))} | ${median(rss).toFixed(1)} MB (${sampleStandardDeviation(rss).toFixed(1)}) | ${median(heap).toFixed(1)} MB (${sampleStandardDeviation(heap).toFixed(1)}) | ${(phase.extraCpuMs[test] ?? []).map((x) => x.toFixed(1)).join(' / ')} ms | ${pct(logSd(calibrated))} |`,
      );
    }
    const cal = phase.runs.map((r) => r.calibrationMs);
    lines.push(
      `| ${phase.load} | (old calibration workload) | – | – | – | – | – | – | – | ${median(cal).toFixed(1)} ms | ${pct(logSd(cal))} | – | – | – | – |`,
    );
  }
  lines.push(
    '',
    `Load average at the end of each phase: ${phases.map((p) => `${p.load}: ${p.loadAverage.join(' / ')}`).join('; ')}.`,
  );
  return `${lines.join('\n')}\n`;
}
