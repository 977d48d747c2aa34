import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ArchitectureReport } from '../../engines/acc/index.js';
import { LAYERED_CODEBASE_RULES_YAML } from '../../harness/engine-workloads/index.js';

/** The analysis workload a contender process receives: a generated code base on disk. */
export interface AccTask {
  /** Code base root (holds tsconfig.json, package.json and src/). */
  readonly root: string;
  /** Source files the generator wrote: the work unit every contender's throughput is counted in. */
  readonly sourceFiles: number;
}

/** Injected cycles and presentation -> data violations grow with the code base. */
export function injectedProblems(files: number): { cycles: number; layerViolations: number } {
  return { cycles: files <= 100 ? 3 : files <= 1_000 ? 5 : 8, layerViolations: Math.max(5, Math.round(files / 250)) };
}

/** Layer globs as path prefixes, shared by our rules file and dependency-cruiser's forbidden rule. */
export const PRESENTATION_DIR = 'src/presentation/';
export const DATA_DIR = 'src/data/';

/**
 * Our rules: the harness's layered-code-base rules (the four layers as components, presentation must not call
 * data) plus no cycles inside any layer, as dependency-cruiser's no-circular rule checks.
 */
export const ACC_RULES_YAML = `${LAYERED_CODEBASE_RULES_YAML}  - { id: no-cycles-business, type: NO_CYCLES, component: Business, severity: blocking }
  - { id: no-cycles-data, type: NO_CYCLES, component: Data, severity: blocking }
  - { id: no-cycles-infrastructure, type: NO_CYCLES, component: Infrastructure, severity: blocking }
  - { id: no-cycles-presentation, type: NO_CYCLES, component: Presentation, severity: blocking }
`;

/** ACC facts ours must share with the manifest, and dependency-cruiser with ours. */
export const ACC_KEYS = ['cycles', 'violations'] as const;
/** madge reports cycles only. */
export const MADGE_KEYS = ['cycles'] as const;
/** The read-and-lex floor knows which files it read and how many import references it lexed. */
export const ACC_FLOOR_KEYS = ['filesRead', 'importReferences'] as const;

/**
 * Cycles as comparable strings: files that lie on a common cycle are merged into one group (union-find over the
 * reported cycles), each group is its sorted members joined by ` + `. Tools list cycles differently (one per
 * module, elementary cycles, SCCs); the groups they imply are the same when they found the same cycles.
 */
export function cycleGroups(cycles: readonly (readonly string[])[]): string[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    parent.set(x, root);
    return root;
  };
  for (const cycle of cycles) {
    for (const file of cycle) if (!parent.has(file)) parent.set(file, file);
    const first = cycle[0];
    if (first === undefined) continue;
    for (const file of cycle) parent.set(find(file), find(first));
  }
  const groups = new Map<string, string[]>();
  for (const file of parent.keys()) {
    const root = find(file);
    groups.set(root, [...(groups.get(root) ?? []), file]);
  }
  return [...groups.values()].map((members) => members.sort().join(' + ')).sort();
}

/** `from -> to` for every import from a presentation file to a data file. */
export function layerViolationPairs(edges: Iterable<readonly [string, string]>): string[] {
  const pairs = new Set<string>();
  for (const [from, to] of edges)
    if (from.startsWith(PRESENTATION_DIR) && to.startsWith(DATA_DIR)) pairs.add(`${from} -> ${to}`);
  return [...pairs].sort();
}

/** The cycles and presentation -> data violations of one of our reports, as the manifest states them. */
export function architectureFindings(report: ArchitectureReport): { cycles: string[]; violations: string[] } {
  const callViolations = report.violations.filter((v) => v.ruleType === 'MUST_NOT_CALL');
  return {
    cycles: cycleGroups(report.cycles.stronglyConnected),
    violations: layerViolationPairs(callViolations.map((v) => [v.sourceFile ?? '', v.targetFile ?? ''] as const)),
  };
}

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.maestro-cache']);

/** Source files under root (the extensions our engine reads), root-relative, for the floor. */
export function listSourceFiles(root: string, extensions: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(join(dir, entry.name));
      } else if (entry.isFile() && extensions.some((ext) => entry.name.endsWith(ext))) {
        out.push(relative(root, join(dir, entry.name)));
      }
    }
  };
  walk(root);
  return out.sort();
}
