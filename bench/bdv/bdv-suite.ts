import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFeatureSuite } from '../../harness/loads/index.js';
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
        { tool: 'gherkin parse-only floor', role: 'floor', entry: entry('bdv-floor'), agreementKeys: [...BDV_FLOOR_KEYS] },
      ],
      goals: [
        { kind: 'ours-faster-than', peer: 'cucumber-js', factor: 3 },
        { kind: 'ours-rss-not-above', peer: 'cucumber-js' },
      ],
    });
  }
  return plans;
}
