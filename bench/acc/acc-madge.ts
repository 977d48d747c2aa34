import { join } from 'node:path';
import madge from 'madge';
import { runContender, startWorkTimer } from '../core/child-protocol.js';
import { cycleGroups, type AccTask } from './acc-task.js';

const DETECTIVE = { skipTypeImports: false, skipAsyncImports: false, mixedImports: true };

/** Contender: madge 8's circular-dependency list over the same tree, type and dynamic imports included. */
await runContender<AccTask>(async (task) => {
  const timer = startWorkTimer();
  const graph = await madge(join(task.root, 'src'), {
    baseDir: task.root,
    fileExtensions: ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs'],
    tsConfig: join(task.root, 'tsconfig.json'),
    detectiveOptions: { ts: DETECTIVE, tsx: DETECTIVE, es6: DETECTIVE },
  });
  const circular = graph.circular();
  const { ms, cpuMs } = timer.stop();
  return {
    ms,
    cpuMs,
    items: task.sourceFiles,
    outcome: { cycles: cycleGroups(circular), modules: Object.keys(graph.obj()).length },
  };
});
