/**
 * One suite run in a fresh process, as a Playwright worker runs the suite: every workload once in a fixed order
 * (cold JIT for the first, warmed by the earlier ones for the rest, the same way each run), then the old
 * calibration. Prints `RESULT <json>` (a SuiteRunResult) as its last line.
 */
import type { RepeatOptions } from '../../harness/metrics/index.js';
import { measureSuiteRun } from './measure-run.js';
import { prepareWorkloads } from './workloads.js';

interface SuiteRunTask {
  workDir: string;
  seed: number;
  extraCpuMs: Record<string, number[]>;
  repeat: RepeatOptions;
}

const task = JSON.parse(process.argv[2] ?? '{}') as SuiteRunTask;
const workloads = await prepareWorkloads(task.workDir, task.seed, { write: false });
const result = await measureSuiteRun(workloads, task.extraCpuMs, task.repeat);
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
