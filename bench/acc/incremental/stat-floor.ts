import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_IGNORED_DIRECTORIES, SOURCE_EXTENSIONS } from '../../../engines/acc/index.js';
import { runContender, startWorkTimer } from '../../core/child-protocol.js';
import type { IncrementalTask } from './incremental-task.js';

/**
 * Floor of any re-run that finds changes by stat: with every folder and file already known (listed before the
 * clock), one stat per folder (has an entry been added or removed?) and one per source file (has it been
 * written?). No cache is read, nothing is parsed or evaluated.
 */
await runContender<IncrementalTask>(async (task) => {
  const ignored = new Set(DEFAULT_IGNORED_DIRECTORIES);
  const folders: string[] = [];
  const files: string[] = [];
  const list = (folder: string): void => {
    folders.push(folder);
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!ignored.has(entry.name)) list(join(folder, entry.name));
      } else if (entry.isFile() && SOURCE_EXTENSIONS.some((ext) => entry.name.endsWith(ext))) {
        files.push(join(folder, entry.name));
      }
    }
  };
  list(task.root);
  const timer = startWorkTimer();
  let newest = 0;
  for (const folder of folders) newest = Math.max(newest, statSync(folder).mtimeMs);
  for (const file of files) newest = Math.max(newest, statSync(file).mtimeMs);
  const { ms, cpuMs } = timer.stop();
  return {
    ms,
    cpuMs,
    items: task.sourceFiles,
    outcome: { filesDiscovered: files.length, newestMtime: newest > 0 ? 'seen' : 'none' },
  };
});
