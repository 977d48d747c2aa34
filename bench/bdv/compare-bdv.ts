/**
 * The bench's BDV rows at 500 and 5,000 scenarios (the plans, contenders, interleaving, agreement checks and table
 * of `npm run bench -- --only bdv`, without the 200,000-scenario row), optionally with a second copy of this
 * repository (`--before DIR`, e.g. an older commit unpacked with `git archive`) as one more contender of the same
 * run, so that a change is measured against its baseline under the same load. Prints the table, then per pair the
 * ratio of medians and the spread of the per-repetition ratios, and writes every repetition as JSON to --out.
 *
 *   npx tsx bench/bdv/compare-bdv.ts [--before DIR] [--reps N] [--seed N] [--out DIR]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ContenderRun } from '../core/bench-types.js';
import { buildRows } from '../core/build-rows.js';
import { formatMarkdownTable } from '../core/format-table.js';
import { runWorkload } from '../core/run-workload.js';
import { FULL_SIZES, type ContenderSpec, type WorkloadPlan } from '../core/workload-plan.js';
import { STREAMING_SCENARIOS, planBdvWorkloads } from './bdv-suite.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const { values } = parseArgs({
  options: {
    before: { type: 'string' },
    reps: { type: 'string', default: '5' },
    seed: { type: 'string', default: '20240601' },
    out: { type: 'string', default: 'reports/bench' },
  },
});
const repetitions = Number(values.reps);
const seed = Number(values.seed);
if (!Number.isInteger(repetitions) || repetitions < 1 || !Number.isInteger(seed)) {
  process.stderr.write('usage: npx tsx bench/bdv/compare-bdv.ts [--before DIR] [--reps N] [--seed N] [--out DIR]\n');
  process.exit(2);
}
const before = values.before === undefined ? undefined : resolve(values.before);

function withBefore(plan: WorkloadPlan): WorkloadPlan {
  if (before === undefined) return plan;
  const ours = plan.contenders.find((c) => c.role === 'ours') as ContenderSpec;
  const old: ContenderSpec = {
    ...ours,
    tool: `${ours.tool} (before)`,
    role: 'peer',
    entry: ours.entry.replace(REPO_ROOT, before),
  };
  return { ...plan, contenders: [ours, old, ...plan.contenders.filter((c) => c.role !== 'ours')] };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  return n % 2 === 1
    ? (sorted[(n - 1) / 2] as number)
    : ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number)) / 2;
};

const workDir = mkdtempSync(join(tmpdir(), 'bench-compare-bdv-'));
const controller = new AbortController();
process.once('SIGINT', () => controller.abort(new Error('interrupted')));
const startLoad = loadavg();
try {
  const plans = (await planBdvWorkloads(FULL_SIZES, seed, workDir))
    .filter((plan) => !plan.workload.startsWith(STREAMING_SCENARIOS.toLocaleString('en-US')))
    .map(withBefore);
  const rows = [];
  const runs: ContenderRun[] = [];
  for (const plan of plans) {
    const planRuns = await runWorkload(plan, {
      repetitions,
      cwd: REPO_ROOT,
      childTimeoutMs: FULL_SIZES.childTimeoutMs,
      signal: controller.signal,
      log: (line) => void process.stderr.write(`${line}\n`),
    });
    runs.push(...planRuns);
    rows.push(
      ...buildRows({
        workload: plan.workload,
        expected: plan.expected,
        unit: plan.unit,
        contenders: plan.contenders,
        runs: planRuns,
        goals: plan.goals,
      }),
    );
  }
  const endLoad = loadavg();
  const lines = [
    `load average ${startLoad.map((n) => n.toFixed(2)).join(' / ')} at start, ${endLoad.map((n) => n.toFixed(2)).join(' / ')} at end; ${repetitions} repetitions, seed ${seed}`,
    '',
    formatMarkdownTable(rows),
    '',
  ];
  for (const workload of new Set(runs.map((run) => run.workload))) {
    const ours = runs.find((run) => run.workload === workload && run.role === 'ours');
    if (ours === undefined) continue;
    for (const other of runs.filter((run) => run.workload === workload && run.role === 'peer')) {
      for (const key of ['ms', 'cpuMs'] as const) {
        const a = ours.measurements.map((m) => m[key]);
        const b = other.measurements.map((m) => m[key]);
        // Repetition i of every contender ran in the same interleaved round.
        const paired = a
          .slice(0, b.length)
          .map((value, i) => (b[i] as number) / value)
          .sort((x, y) => x - y);
        if (paired.length === 0) continue;
        const q = (p: number): string =>
          (paired[Math.min(paired.length - 1, Math.floor(p * (paired.length - 1) + 0.5))] as number).toFixed(2);
        lines.push(
          `${workload} | ${other.tool} over ours, ${key === 'ms' ? 'wall' : 'CPU'}: ${(median(b) / median(a)).toFixed(2)}x (medians ${median(b).toFixed(0)} / ${median(a).toFixed(0)} ms); ` +
            `per repetition ${q(0)}-${q(1)}x, interquartile ${q(0.25)}-${q(0.75)}x`,
        );
      }
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  const outDir = resolve(REPO_ROOT, values.out);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    join(outDir, `compare-bdv-${new Date().toISOString().replace(/[:.]/g, '-')}.json`),
    JSON.stringify({ repetitions, seed, before, loadAverage: { start: startLoad, end: endLoad }, rows, runs }, null, 1),
  );
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
