import type { ChildMeasurement, ContenderRun } from './bench-types.js';
import { runChild } from './run-child.js';
import type { WorkloadPlan } from './workload-plan.js';
import { errorWithName } from '../../engines/common/index.js';

export interface RunWorkloadOptions {
  readonly repetitions: number;
  readonly cwd: string;
  readonly childTimeoutMs: number;
  readonly signal?: AbortSignal;
  /** Progress lines (one per repetition). */
  readonly log: (line: string) => void;
}

/**
 * Runs every contender of a workload `repetitions` times, one fresh process per repetition, one process at a
 * time. Repetitions are interleaved (A B C, then B C A, ...) so a burst of load from elsewhere on the machine
 * lands on every contender rather than on whichever happened to run then. A contender that fails once is not
 * run again: its row reports the error.
 */
export async function runWorkload(plan: WorkloadPlan, options: RunWorkloadOptions): Promise<ContenderRun[]> {
  const measurements = new Map<string, ChildMeasurement[]>(plan.contenders.map((c) => [c.tool, []]));
  const errors = new Map<string, string>();
  const count = plan.contenders.length;
  for (let rep = 0; rep < options.repetitions; rep++) {
    for (let k = 0; k < count; k++) {
      const contender = plan.contenders[(rep + k) % count];
      if (contender === undefined || errors.has(contender.tool)) continue;
      options.signal?.throwIfAborted();
      try {
        const m = await runChild(contender.entry, plan.task, {
          cwd: options.cwd,
          timeoutMs: options.childTimeoutMs,
          ...(options.signal !== undefined ? { signal: options.signal } : {}),
        });
        measurements.get(contender.tool)?.push(m);
        options.log(
          `  ${plan.workload} | ${contender.tool} ${rep + 1}/${options.repetitions}: ${m.ms.toFixed(0)} ms, cpu ${m.cpuMs.toFixed(0)} ms, ${m.peakRssMb.toFixed(0)} MB`,
        );
      } catch (error) {
        options.signal?.throwIfAborted();
        const message = errorWithName(error);
        errors.set(contender.tool, message);
        options.log(`  ${plan.workload} | ${contender.tool} ${rep + 1}/${options.repetitions}: FAILED ${message}`);
      }
    }
  }
  return plan.contenders.map((c): ContenderRun => ({
    tool: c.tool,
    role: c.role,
    workload: plan.workload,
    measurements: measurements.get(c.tool) ?? [],
    ...(errors.has(c.tool) ? { error: errors.get(c.tool) as string } : {}),
  }));
}
