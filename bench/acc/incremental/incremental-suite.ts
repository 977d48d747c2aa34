import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ageTree, writeLayeredCodebase } from '../../../harness/generators/index.js';
import type { ContenderSpec, WorkloadPlan } from '../../core/workload-plan.js';
import { cycleGroups, injectedProblems, layerViolationPairs } from '../acc-task.js';
import {
  FIRST_ANALYSIS_KEYS,
  INCREMENTAL_CHANGED_FILES,
  INCREMENTAL_KEYS,
  STAT_FLOOR_KEYS,
  type IncrementalTask,
} from './incremental-task.js';

const entry = (name: string): string => fileURLToPath(new URL(`./${name}.ts`, import.meta.url));

/** The incremental goal is stated for 5,000 files; smaller code bases show the rows without a verdict. */
const GOAL_FILES = 5_000;
const FIRST_ANALYSIS = 'maestro acc: first analysis (empty cache)';

/**
 * Incremental analysis: after 10 of N files change, a second analysis must take at most a tenth of the first
 * one's time. Each workload runs the second analysis one way, against the same first analysis:
 * - in an analysis session (`maestro analyze --watch`), which knows from its file watcher what changed; once for
 *   edits that leave the imports alone (the evaluation is reused) and once for edits that add an import (the
 *   graph changes and is evaluated again);
 * - in a new process on the persisted cache (a second `maestro analyze`), which must stat every folder and file
 *   to find out; the stat floor row shows what that alone costs.
 */
export async function planAccIncrementalWorkloads(
  files: number,
  seed: number,
  workDir: string,
): Promise<WorkloadPlan[]> {
  const root = join(workDir, `codebase-${files}-incremental`);
  const manifest = await writeLayeredCodebase(root, { files, seed, ...injectedProblems(files) });
  // As checked out an hour ago: a tree written moments before would be read again as racily clean.
  await ageTree(root, 3_600_000);
  const manifestPath = join(workDir, `codebase-${files}-incremental.manifest.json`);
  writeFileSync(manifestPath, JSON.stringify(manifest));
  const task: IncrementalTask = {
    root,
    manifestPath,
    sourceFiles: manifest.sourceFiles.length,
    changedFiles: INCREMENTAL_CHANGED_FILES,
    editImports: false,
  };
  const expected = {
    cycles: cycleGroups(manifest.cycles),
    violations: layerViolationPairs(manifest.layerViolations.map((v) => [v.from, v.to] as const)),
    filesParsed: INCREMENTAL_CHANGED_FILES,
    filesDiscovered: manifest.sourceFiles.length,
    evaluationsComputed: 0,
  };
  const first: ContenderSpec = {
    tool: FIRST_ANALYSIS,
    role: 'peer',
    entry: entry('first-analysis'),
    agreementKeys: [...FIRST_ANALYSIS_KEYS],
  };
  const goals = files >= GOAL_FILES ? [{ kind: 'ours-faster-than' as const, peer: FIRST_ANALYSIS, factor: 10 }] : [];
  const label = `${files.toLocaleString('en-US')} files, ${INCREMENTAL_CHANGED_FILES} changed`;
  const session: ContenderSpec = {
    tool: 'maestro acc: session re-analysis',
    role: 'ours',
    entry: entry('session-reanalysis'),
    agreementKeys: [...INCREMENTAL_KEYS],
  };
  return [
    {
      suite: 'acc',
      workload: `${label}: session re-analysis`,
      unit: 'files',
      task,
      expected,
      contenders: [session, first],
      goals,
    },
    {
      suite: 'acc',
      workload: `${label}, imports too: session re-analysis`,
      unit: 'files',
      task: { ...task, editImports: true },
      expected: { ...expected, evaluationsComputed: 1 },
      contenders: [session, first],
      goals,
    },
    {
      suite: 'acc',
      workload: `${label}: re-run in a new process`,
      unit: 'files',
      task,
      expected,
      contenders: [
        {
          tool: 'maestro acc: re-run, persisted cache',
          role: 'ours',
          entry: entry('new-process-rerun'),
          agreementKeys: [...INCREMENTAL_KEYS],
        },
        first,
        {
          tool: 'stat floor (stat every folder and file)',
          role: 'floor',
          entry: entry('stat-floor'),
          agreementKeys: [...STAT_FLOOR_KEYS],
        },
      ],
      goals,
    },
  ];
}
