import pidusage from 'pidusage';
import { listDescendantPids } from './descendant-pids.js';
import { readProcIo } from './proc-io.js';
import type { IoCounters } from './types.js';

/** CPU and memory of one process as pidusage reports it. */
export interface ProcessStat {
  readonly pid: number;
  readonly cpuPercent: number;
  readonly rssBytes: number;
}

/**
 * Everything the monitor reads from the operating system, behind one seam so unit tests can feed it
 * scripted numbers (and a slow probe) instead of the real process.
 */
export interface ProcessProbe {
  readonly pid: number;
  cpuUsage(): NodeJS.CpuUsage;
  memoryUsage(): NodeJS.MemoryUsage;
  readIo(): IoCounters | undefined;
  listDescendants(pid: number): number[];
  /** Stats for each pid still alive; a pid that exited between listing and sampling is simply absent. */
  sampleProcesses(pids: readonly number[]): Promise<ProcessStat[]>;
  /** Release whatever the probe holds (pidusage keeps a history map and a timer). */
  release(): void;
}

async function samplePids(pids: readonly number[]): Promise<ProcessStat[]> {
  if (pids.length === 0) return [];
  const toStat = (s: pidusage.Status): ProcessStat => ({ pid: s.pid, cpuPercent: s.cpu, rssBytes: s.memory });
  try {
    const stats = await pidusage([...pids]);
    return Object.values(stats).map(toStat);
  } catch {
    // pidusage rejects the whole batch when one pid has exited; retry one by one and keep the living.
    const settled = await Promise.allSettled(pids.map((pid) => pidusage(pid)));
    return settled.flatMap((r) => (r.status === 'fulfilled' ? [toStat(r.value)] : []));
  }
}

/**
 * Pays pidusage's one-time cost now (its first call runs `getconf` in a child process: tens of ms of CPU,
 * more in a big process), so it does not land inside the first measured test of a worker.
 */
export async function warmUpProcessProbe(): Promise<void> {
  await pidusage(process.pid);
  pidusage.clear();
}

/** The real probe: `process.*` for this process, pidusage and `/proc` for the process tree. */
export function createNodeProcessProbe(): ProcessProbe {
  return {
    pid: process.pid,
    cpuUsage: () => process.cpuUsage(),
    memoryUsage: () => process.memoryUsage(),
    readIo: () => readProcIo(),
    listDescendants: (pid) => listDescendantPids(pid),
    sampleProcesses: samplePids,
    release: () => pidusage.clear(),
  };
}
