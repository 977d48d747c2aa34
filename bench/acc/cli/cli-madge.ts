import { join } from 'node:path';
import { runContender } from '../../core/child-protocol.js';
import { cycleGroups } from '../acc-task.js';
import { MADGE_BIN, parseReport, runCli, type AccCliTask } from './cli-task.js';

/**
 * Contender: `madge --circular --json` from node_modules, one whole process, started in the folder of the
 * `.madgerc` that turns type and dynamic imports on (as the in-process contender's detectiveOptions do).
 */
await runContender<AccCliTask>(async (task) => {
  const run = await runCli(
    [
      MADGE_BIN,
      '--circular',
      '--json',
      '--no-spinner',
      '--extensions',
      'ts,tsx,mts,cts,js,jsx,mjs,cjs',
      '--ts-config',
      join(task.root, 'tsconfig.json'),
      '--basedir',
      task.root,
      ...task.sourceDirs.map((d) => join(task.root, d)),
    ],
    task.madgeDir,
  );
  const cycles = parseReport(run, 'madge') as string[][];
  return {
    ms: run.ms,
    cpuMs: run.cpuMs,
    peakRssMb: run.peakRssMb,
    items: task.sourceFiles,
    outcome: { cycles: cycleGroups(cycles) },
  };
});
