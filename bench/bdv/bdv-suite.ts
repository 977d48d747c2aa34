import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFeatureSuite } from '../../harness/generators/index.js';
import type { BenchSizes, WorkloadPlan } from '../core/workload-plan.js';
import { BDV_FLOOR_KEYS, BDV_MANIFEST_KEYS, BDV_RUNNER_KEYS, type BdvTask } from './bdv-task.js';

const entry = (name: string): string => fileURLToPath(new URL(`./${name}.ts`, import.meta.url));

/**
 * BDV: our runner vs cucumber-js vs parse-only, on one generated suite per size (Backgrounds, Rules, Outlines,
 * tables, doc strings, some French files) with 1% of the scenarios written to fail.
 */
export async function planBdvWorkloads(sizes: BenchSizes, seed: number, workDir: string): Promise<WorkloadPlan[]> {
  const plans: WorkloadPlan[] = [];
  for (const scenarios of sizes.bdvScenarios) {
    const featuresDir = join(workDir, `features-${scenarios}`);
    const failing = Math.max(1, Math.round(scenarios / 100));
    const manifest = await writeFeatureSuite(featuresDir, { scenarios, seed, failingScenarios: failing });
    const task: BdvTask = { featuresDir };
    plans.push({
      suite: 'bdv',
      workload: `${scenarios.toLocaleString('en-US')} scenarios`,
      unit: 'scenarios',
      task,
      expected: {
        scenarios: manifest.pickles,
        steps: manifest.steps,
        scenariosPassed: manifest.pickles - manifest.failingPickleNames.length,
        scenariosFailed: manifest.failingPickleNames.length,
      },
      contenders: [
        { tool: 'maestro bdv', role: 'ours', entry: entry('bdv-ours'), agreementKeys: [...BDV_MANIFEST_KEYS] },
        { tool: 'cucumber-js', role: 'peer', entry: entry('bdv-cucumber'), agreementKeys: [...BDV_RUNNER_KEYS] },
        {
          tool: 'gherkin parse-only floor',
          role: 'floor',
          entry: entry('bdv-floor'),
          agreementKeys: [...BDV_FLOOR_KEYS],
        },
      ],
      goals: [
        { kind: 'ours-faster-than', peer: 'cucumber-js', factor: 3 },
        { kind: 'ours-rss-not-above', peer: 'cucumber-js' },
      ],
    });
  }
  // The NDJSON formats side by side at the largest size, and a 200,000-scenario NDJSON run of ours alone (bounded
  // memory: its peak RSS is the row's figure) in a full run.
  const largest = Math.max(...sizes.bdvScenarios);
  const largestPlan = plans.find((plan) => plan.workload === `${largest.toLocaleString('en-US')} scenarios`);
  if (largestPlan !== undefined) {
    plans.push({
      ...largestPlan,
      workload: `${largest.toLocaleString('en-US')} scenarios, NDJSON to a file`,
      contenders: [
        {
          tool: 'maestro bdv --format ndjson',
          role: 'ours',
          entry: entry('bdv-ndjson-ours'),
          agreementKeys: [...BDV_MANIFEST_KEYS],
        },
        {
          tool: 'cucumber-js --format message',
          role: 'peer',
          entry: entry('bdv-ndjson-cucumber'),
          agreementKeys: [...BDV_RUNNER_KEYS],
        },
      ],
      goals: [
        { kind: 'ours-faster-than', peer: 'cucumber-js --format message', factor: 3 },
        { kind: 'ours-rss-not-above', peer: 'cucumber-js --format message' },
      ],
    });
  }
  if (largest >= 5_000) {
    const scenarios = STREAMING_SCENARIOS;
    const featuresDir = join(workDir, `features-${scenarios}`);
    const manifest = await writeFeatureSuite(featuresDir, { scenarios, seed, failingScenarios: scenarios / 100 });
    plans.push({
      suite: 'bdv',
      workload: `${scenarios.toLocaleString('en-US')} scenarios, NDJSON to a file`,
      unit: 'scenarios',
      task: { featuresDir } satisfies BdvTask,
      expected: {
        scenarios: manifest.pickles,
        steps: manifest.steps,
        scenariosPassed: manifest.pickles - manifest.failingPickleNames.length,
        scenariosFailed: manifest.failingPickleNames.length,
      },
      contenders: [
        {
          tool: 'maestro bdv --format ndjson',
          role: 'ours',
          entry: entry('bdv-ndjson-ours'),
          agreementKeys: [...BDV_MANIFEST_KEYS],
        },
      ],
      goals: [],
    });
  }
  return plans;
}

/** The streaming workload's size (issue #17: a run of about 155k scenarios used to die building its NDJSON string). */
export const STREAMING_SCENARIOS = 200_000;
