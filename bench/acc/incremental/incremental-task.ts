import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { rulesFromData, type ArchitectureReport, type ArchitectureRules } from '../../../engines/acc/index.js';
import { mutateFiles, type LayeredCodebaseManifest } from '../../../harness/generators/index.js';
import type { Outcome } from '../../core/bench-types.js';
import { startWorkTimer, type WorkResult } from '../../core/child-protocol.js';
import { ACC_RULES_YAML, architectureFindings } from '../acc-task.js';

/** What every contender of the incremental workloads receives. */
export interface IncrementalTask {
  /** Generated code base, used by these workloads only (their edits append code to it). */
  readonly root: string;
  /** The generator's manifest (JSON), from which the files to change are drawn. */
  readonly manifestPath: string;
  readonly sourceFiles: number;
  /** Files changed between the cache-building analysis and the timed one. */
  readonly changedFiles: number;
  /**
   * Whether each edit also adds an import (of a Node built-in): the graph then changes and its evaluation (cycles,
   * coupling, rules) is computed again, while the cycles and layer violations stay the manifest's.
   */
  readonly editImports: boolean;
}

/** The edit: 10 files changed between two analyses of the same code base. */
export const INCREMENTAL_CHANGED_FILES = 10;

/**
 * Facts ours reports: the same findings, exactly the changed files parsed, every source file found, and whether
 * the evaluation was computed again (only when an edit changed the graph).
 */
export const INCREMENTAL_KEYS = [
  'cycles',
  'violations',
  'filesParsed',
  'filesDiscovered',
  'evaluationsComputed',
] as const;
/** A first analysis parses everything; it must find the same things and the same files. */
export const FIRST_ANALYSIS_KEYS = ['cycles', 'violations', 'filesDiscovered'] as const;
/** The stat floor only counts the source files it checked. */
export const STAT_FLOOR_KEYS = ['filesDiscovered'] as const;

/**
 * Our rules, loaded before the clock in every contender of these workloads: the goal compares two analyses, and
 * loading rules is not part of what makes a second one cheaper.
 */
export function loadBenchRules(): ArchitectureRules {
  return rulesFromData(parseYaml(ACC_RULES_YAML));
}

export function incrementalOutcome(report: ArchitectureReport): Outcome {
  const { filesParsed, filesDiscovered, evaluationsComputed } = report.counters;
  return { ...architectureFindings(report), filesParsed, filesDiscovered, evaluationsComputed };
}

/** Times one analysis (wall and CPU) and reports it with its outcome. */
export async function timeAnalysis(
  task: IncrementalTask,
  analyze: () => Promise<ArchitectureReport>,
): Promise<WorkResult> {
  const timer = startWorkTimer();
  const report = await analyze();
  const { ms, cpuMs } = timer.stop();
  return { ms, cpuMs, items: task.sourceFiles, outcome: incrementalOutcome(report) };
}

/**
 * Appends code to `task.changedFiles` files drawn at random (and, with `editImports`, an import of a Node
 * built-in): each repetition edits other files, and the findings stay those of the manifest.
 */
export async function changeFiles(task: IncrementalTask): Promise<void> {
  const manifest = JSON.parse(readFileSync(task.manifestPath, 'utf8')) as LayeredCodebaseManifest;
  const { changedFiles } = await mutateFiles(
    task.root,
    manifest,
    task.changedFiles,
    (Date.now() ^ (process.pid << 8)) >>> 0,
  );
  if (!task.editImports) return;
  for (const file of changedFiles) {
    await appendFile(
      join(task.root, file),
      file.endsWith('.cjs') ? "\nrequire('node:path');\n" : "\nimport 'node:path';\n",
    );
  }
}

/** A fresh cache folder outside the code base (so the code base's own folders never change), removed by `dispose`. */
export function freshCacheDir(): { readonly path: string; dispose(): void } {
  const path = mkdtempSync(join(tmpdir(), 'maestro-bench-cache-'));
  return { path, dispose: () => rmSync(path, { recursive: true, force: true }) };
}
