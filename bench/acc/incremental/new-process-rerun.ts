import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { analyzeArchitecture } from '../../../engines/acc/index.js';
import { runContender } from '../../core/child-protocol.js';
import { changeFiles, freshCacheDir, loadBenchRules, timeAnalysis, type IncrementalTask } from './incremental-task.js';

const BUILD_CACHE = fileURLToPath(new URL('./build-cache.ts', import.meta.url));

/**
 * Contender: a second `maestro analyze` run, in a new process, on the cache a first run left (what CI or a
 * pre-commit hook runs). The first analysis runs in its own process, so this one starts as cold as a new CLI run.
 */
await runContender<IncrementalTask>(async (task) => {
  const rules = loadBenchRules();
  const cache = freshCacheDir();
  try {
    execFileSync(process.execPath, ['--import', 'tsx', BUILD_CACHE, task.root, cache.path], { stdio: 'ignore' });
    await changeFiles(task);
    return await timeAnalysis(task, () => analyzeArchitecture(task.root, { rules, cacheDir: cache.path }));
  } finally {
    cache.dispose();
  }
});
