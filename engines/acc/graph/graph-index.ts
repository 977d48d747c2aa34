import type { ImportEdge, ImportGraph } from '../types.js';

/**
 * The import graph by file number, the form cycle and coupling analysis run on. Files are numbered in path
 * order, so sorting numbers sorts paths. Built in one pass over the edges, which also sorts them into the
 * internal ones the rules check and the unresolved ones the report lists.
 */
export interface IndexedGraph {
  /** Every file, sorted by path; a file's number is its position here. */
  readonly files: readonly string[];
  /** Internal dependencies of each file: numbers of files in the graph, sorted and without repeats. */
  readonly succ: readonly (readonly number[])[];
  /** Internal edges (type-only ones only when included), in the graph's file order. */
  readonly internalEdges: ImportEdge[];
  /** For each internal edge, the numbers of its ends (-1 for a target outside the graph). */
  readonly internalFrom: readonly number[];
  readonly internalTo: readonly number[];
  readonly unresolvedImports: ImportEdge[];
}

/** Numbers `files` in path order (a sorted list is used as it is). */
export function numberFiles(files: readonly string[]): { sorted: readonly string[]; indexOf: Map<string, number> } {
  let sorted = files;
  for (let i = 1; i < files.length; i++) {
    if ((files[i - 1] ?? '') >= (files[i] ?? '')) {
      sorted = [...new Set(files)].sort();
      break;
    }
  }
  const indexOf = new Map<string, number>();
  for (let i = 0; i < sorted.length; i++) indexOf.set(sorted[i] ?? '', i);
  return { sorted, indexOf };
}

export function indexGraph(graph: ImportGraph, includeTypeOnly: boolean): IndexedGraph {
  const { sorted, indexOf } = numberFiles(graph.files);
  const succ: number[][] = sorted.map(() => []);
  const internalEdges: ImportEdge[] = [];
  const internalFrom: number[] = [];
  const internalTo: number[] = [];
  const unresolvedImports: ImportEdge[] = [];
  for (let f = 0; f < graph.files.length; f++) {
    const file = graph.files[f] ?? '';
    const from = indexOf.get(file) ?? -1;
    const targets = succ[from];
    const edges = graph.edgesByFile.get(file) ?? [];
    for (let i = 0; i < edges.length; i++) {
      const edge = edges[i] as ImportEdge;
      if (edge.status === 'unresolved') {
        unresolvedImports.push(edge);
      } else if (edge.status === 'internal' && (includeTypeOnly || !edge.typeOnly)) {
        internalEdges.push(edge);
        const t = indexOf.get(edge.to);
        internalFrom.push(from);
        internalTo.push(t ?? -1);
        if (t !== undefined && targets !== undefined) insertSorted(targets, t);
      }
    }
  }
  return { files: sorted, succ, internalEdges, internalFrom, internalTo, unresolvedImports };
}

/** Inserts `value` into the sorted array unless it is already there (a file has a handful of imports). */
export function insertSorted<T extends number | string>(sorted: T[], value: T): void {
  let i = sorted.length;
  while (i > 0 && (sorted[i - 1] as T) > value) i--;
  if (i > 0 && sorted[i - 1] === value) return;
  sorted.push(value);
  for (let j = sorted.length - 1; j > i; j--) sorted[j] = sorted[j - 1] as T;
  sorted[i] = value;
}

/** How many files depend on each file (Ca). */
export function afferentCounts(succ: readonly (readonly number[])[]): Int32Array {
  const afferent = new Int32Array(succ.length);
  for (let v = 0; v < succ.length; v++) {
    const targets = succ[v] ?? [];
    for (let i = 0; i < targets.length; i++) {
      const t = targets[i] ?? 0;
      afferent[t] = (afferent[t] ?? 0) + 1;
    }
  }
  return afferent;
}

/**
 * The `count` files with the highest Ca + Ce, ties by path: numbers in increasing order, so among equal totals
 * the first one seen stays ahead.
 */
export function topByCoupling(succ: readonly (readonly number[])[], afferent: Int32Array, count: number): number[] {
  const top: number[] = [];
  const total = (v: number): number => (afferent[v] ?? 0) + (succ[v]?.length ?? 0);
  for (let v = 0; v < succ.length; v++) {
    const t = total(v);
    let i = top.length;
    while (i > 0 && t > total(top[i - 1] ?? 0)) i--;
    if (i >= count) continue;
    top.splice(i, 0, v);
    if (top.length > count) top.pop();
  }
  return top;
}
