import { openAnalysisSession } from '../../../engines/acc/index.js';
import { runContender } from '../../core/child-protocol.js';
import { changeFiles, freshCacheDir, loadBenchRules, timeAnalysis, type IncrementalTask } from './incremental-task.js';

/**
 * Contender: the second analysis of an analysis session (what `maestro analyze --watch` runs after an edit). The
 * session's first analysis (untimed) fills an empty cache and starts the watches; then files change and the
 * second analysis is timed, sync with the watcher included.
 */
await runContender<IncrementalTask>(async (task) => {
  const rules = loadBenchRules();
  const cache = freshCacheDir();
  const session = openAnalysisSession(task.root, { rules, cacheDir: cache.path });
  try {
    await session.analyze();
    await changeFiles(task);
    return await timeAnalysis(task, () => session.analyze());
  } finally {
    session.close();
    cache.dispose();
  }
});
