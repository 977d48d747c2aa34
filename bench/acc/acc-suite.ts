import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLayeredCodebase } from '../../harness/loads/index.js';
import type { BenchSizes, WorkloadPlan } from '../core/workload-plan.js';
import { ACC_FLOOR_KEYS, ACC_KEYS, MADGE_KEYS, cycleGroups, layerViolationPairs, type AccTask } from './acc-task.js';

const entry = (name: string): string => fileURLToPath(new URL(`./${name}.ts`, import.meta.url));

/** Injected cycles and presentation -> data violations grow with the code base. */
export function injectedProblems(files: number): { cycles: number; layerViolations: number } {
  return { cycles: files <= 100 ? 3 : files <= 1_000 ? 5 : 8, layerViolations: Math.max(5, Math.round(files / 250)) };
}

/**
 * Analysis: our ACC (uncached) vs dependency-cruiser (uncached, equivalent forbidden rules) vs madge (cycles)
 * vs a read-and-lex floor, on one generated layered TypeScript code base per size.
 */
export async function planAccWorkloads(sizes: BenchSizes, seed: number, workDir: string): Promise<WorkloadPlan[]> {
  const plans: WorkloadPlan[] = [];
  for (const files of sizes.accFiles) {
    const root = join(workDir, `codebase-${files}`);
    const manifest = await writeLayeredCodebase(root, { files, seed, ...injectedProblems(files) });
    const task: AccTask = { root, sourceFiles: manifest.sourceFiles.length };
    const peakRssGoal = files >= 5_000 ? [{ kind: 'ours-rss-at-most' as const, mb: 200 }] : [];
    plans.push({
      suite: 'acc',
      workload: `${files.toLocaleString('en-US')} files`,
      unit: 'files',
      task,
      expected: {
        cycles: cycleGroups(manifest.cycles),
        violations: layerViolationPairs(manifest.layerViolations.map((v) => [v.from, v.to] as const)),
      },
      contenders: [
        { tool: 'maestro acc', role: 'ours', entry: entry('acc-ours'), agreementKeys: [...ACC_KEYS] },
        { tool: 'dependency-cruiser', role: 'peer', entry: entry('acc-depcruise'), agreementKeys: [...ACC_KEYS] },
        { tool: 'madge', role: 'peer', entry: entry('acc-madge'), agreementKeys: [...MADGE_KEYS] },
        { tool: 'read-and-lex floor', role: 'floor', entry: entry('acc-floor'), agreementKeys: [...ACC_FLOOR_KEYS] },
      ],
      goals: [
        { kind: 'ours-faster-than', peer: 'dependency-cruiser', factor: 20 },
        { kind: 'ours-within-floor', factor: 2 },
        ...peakRssGoal,
      ],
    });
  }
  return plans;
}
