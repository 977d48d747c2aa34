import { readdirSync, readFileSync } from 'node:fs';

// /proc files are generated in memory by the kernel: a synchronous read takes microseconds, while
// fs.promises.readFile costs several thread-pool round trips per file — measurable CPU at 10 Hz.
function readChildrenOf(pid: number, procRoot: string): number[] {
  // Each thread has its own children file: a child forked from a worker thread is listed under that thread.
  let tids: string[];
  try {
    tids = readdirSync(`${procRoot}/${pid}/task`);
  } catch {
    return [];
  }
  const children: number[] = [];
  for (const tid of tids) {
    let text: string;
    try {
      text = readFileSync(`${procRoot}/${pid}/task/${tid}/children`, 'utf8');
    } catch {
      continue;
    }
    for (const part of text.split(/\s+/)) if (part !== '') children.push(Number(part));
  }
  return children;
}

/**
 * Every live descendant of `pid` (children, grandchildren, ...), read from `/proc/<pid>/task/<tid>/children`.
 * Returns [] where that interface does not exist (non-Linux, or a kernel without CONFIG_PROC_CHILDREN).
 */
export function listDescendantPids(pid: number, procRoot = '/proc'): number[] {
  const found: number[] = [];
  const seen = new Set<number>([pid]);
  let frontier = [pid];
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const parent of frontier) {
      for (const child of readChildrenOf(parent, procRoot)) {
        if (seen.has(child)) continue;
        seen.add(child);
        found.push(child);
        next.push(child);
      }
    }
    frontier = next;
  }
  return found;
}
