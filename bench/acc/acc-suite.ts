import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLayeredCodebase } from '../../harness/generators/index.js';
import type { BenchSizes, WorkloadPlan } from '../core/workload-plan.js';
import {
  ACC_FLOOR_KEYS,
  ACC_KEYS,
  MADGE_KEYS,
  cycleGroups,
  injectedProblems,
  layerViolationPairs,
  type AccTask,
} from './acc-task.js';
import { planAccCliWorkloads } from './cli/cli-suite.js';
import { planAccIncrementalWorkloads } from './incremental/incremental-suite.js';

const entry = (name: string): string => fileURLToPath(new URL(`./${name}.ts`, import.meta.url));

/** The monorepo workload's size: the largest layered size, at most 2,000 files (dependency-cruiser takes minutes beyond). */
const monorepoFiles = (sizes: BenchSizes): number => Math.min(2_000, Math.max(...sizes.accFiles));

/**
 * Analysis: our ACC (uncached) vs dependency-cruiser (uncached, equivalent forbidden rules) vs madge (cycles)
 * vs a read-and-lex floor, on one generated layered TypeScript code base per size; the same code bases, a tiny
 * tree and a generated monorepo as whole processes (cli/cli-suite.ts); then, at the largest size, the incremental
 * workloads (incremental/incremental-suite.ts). `only: 'cli'` plans the whole-process rows alone.
 */
export async function planAccWorkloads(
  sizes: BenchSizes,
  seed: number,
  workDir: string,
  only?: 'cli',
): Promise<WorkloadPlan[]> {
  const plans: WorkloadPlan[] = [];
  const layered: { files: number; root: string; expected: { cycles: string[]; violations: string[] } }[] = [];
  for (const files of sizes.accFiles) {
    const root = join(workDir, `codebase-${files}`);
    const manifest = await writeLayeredCodebase(root, { files, seed, ...injectedProblems(files) });
    layered.push({
      files: manifest.sourceFiles.length,
      root,
      expected: {
        cycles: cycleGroups(manifest.cycles),
        violations: layerViolationPairs(manifest.layerViolations.map((v) => [v.from, v.to] as const)),
      },
    });
    if (only === 'cli') continue;
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
  plans.push(...planAccCliWorkloads(layered, seed, workDir, monorepoFiles(sizes)));
  if (only === 'cli') return plans;
  const largest = Math.max(...sizes.accFiles);
  if (Number.isFinite(largest)) plans.push(...(await planAccIncrementalWorkloads(largest, seed, workDir)));
  return plans;
}
