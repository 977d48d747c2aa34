import { readdirSync, readFileSync, type Dirent } from 'node:fs';
import { join, posix } from 'node:path';
import picomatch from 'picomatch';
import type { ImportEdge, ImportGraph } from '../acc/index.js';
import type { WorkflowRoots, WorkflowThresholds } from './thresholds.js';
import type { CheckResult, GapSeverity, GapType, Phase } from './types.js';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.maestro-cache']);
/** Documents and configuration are read whole; anything bigger is not a hand-written document. */
const MAX_TEXT_BYTES = 1024 * 1024;

/** Everything a phase check may look at: the file list, small text reads and the import graph. */
export class WorkflowContext {
  /** All files (root-relative, `/`-separated), sorted. Symbolic links are not followed. */
  readonly files: readonly string[];
  private readonly directories: Set<string>;

  constructor(
    readonly dir: string,
    readonly roots: WorkflowRoots,
    readonly thresholds: WorkflowThresholds,
    readonly graph: ImportGraph,
  ) {
    const files: string[] = [];
    this.directories = new Set(['']);
    const stack = [''];
    while (stack.length > 0) {
      const rel = stack.pop() ?? '';
      let entries: Dirent[];
      try {
        entries = readdirSync(rel === '' ? dir : join(dir, rel), { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        const path = rel === '' ? e.name : `${rel}/${e.name}`;
        if (e.isDirectory()) {
          if (SKIPPED_DIRECTORIES.has(e.name)) continue;
          this.directories.add(path);
          stack.push(path);
        } else if (e.isFile()) {
          files.push(path);
        }
      }
    }
    this.files = files.sort();
  }

  dirExists(path: string): boolean {
    const normalized = posix.normalize(path).replace(/\/$/, '');
    // normalize('a/..') is '.', which names the root itself (stored as '').
    return this.directories.has(normalized === '.' ? '' : normalized);
  }

  fileExists(path: string): boolean {
    return this.files.includes(posix.normalize(path));
  }

  /** Files under `dir` (recursive), optionally filtered by name globs (case-insensitive). */
  filesUnder(dir: string, nameGlobs?: readonly string[], options: { recursive?: boolean } = {}): string[] {
    const prefix = dir === '' ? '' : `${dir}/`;
    const match = nameGlobs ? picomatch([...nameGlobs], { nocase: true, dot: true }) : undefined;
    const recursive = options.recursive ?? true;
    return this.files.filter(
      (f) =>
        f.startsWith(prefix) &&
        (recursive || !f.slice(prefix.length).includes('/')) &&
        (match === undefined || match(posix.basename(f))),
    );
  }

  /** Small text files only; undefined when missing, unreadable or too big. */
  readText(path: string): string | undefined {
    try {
      const buf = readFileSync(join(this.dir, path));
      return buf.length > MAX_TEXT_BYTES ? undefined : buf.toString('utf8');
    } catch {
      return undefined;
    }
  }

  /** Import edges of source files under `dir`. */
  edgesUnder(dir: string): ImportEdge[] {
    const prefix = `${dir}/`;
    const out: ImportEdge[] = [];
    for (const file of this.graph.files)
      if (file.startsWith(prefix)) out.push(...(this.graph.edgesByFile.get(file) ?? []));
    return out;
  }

  sourceFilesUnder(dir: string): string[] {
    const prefix = `${dir}/`;
    return this.graph.files.filter((f) => f.startsWith(prefix));
  }
}

export interface CheckSpec {
  readonly check: string;
  readonly severity: GapSeverity;
  readonly gapType: GapType;
  readonly location: string;
  readonly expected: string;
  readonly actual: string;
  readonly message: string;
  readonly fix: string;
  readonly affectedFiles?: readonly string[];
}

/** Builds CheckResults for one phase with less repetition. */
export function checkRecorder(phase: Phase): {
  results: CheckResult[];
  record(passed: boolean, spec: CheckSpec): boolean;
} {
  const results: CheckResult[] = [];
  return {
    results,
    record(passed, spec) {
      results.push({ phase, passed, affectedFiles: [], ...spec });
      return passed;
    },
  };
}

export function list(items: readonly string[], max = 8): string {
  if (items.length === 0) return 'none';
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
