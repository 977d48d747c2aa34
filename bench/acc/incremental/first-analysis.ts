import { analyzeArchitecture } from '../../../engines/acc/index.js';
import { runContender } from '../../core/child-protocol.js';
import { freshCacheDir, loadBenchRules, timeAnalysis, type IncrementalTask } from './incremental-task.js';

/** Contender: a first analysis with an empty cache (every file read and lexed, the cache written): the reference. */
await runContender<IncrementalTask>(async (task) => {
  const rules = loadBenchRules();
  const cache = freshCacheDir();
  try {
    return await timeAnalysis(task, () => analyzeArchitecture(task.root, { rules, cacheDir: cache.path }));
  } finally {
    cache.dispose();
  }
});
