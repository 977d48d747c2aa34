import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SOURCE_EXTENSIONS, scanImports } from '../../engines/acc/index.js';
import { runContender, startWorkTimer } from '../core/child-protocol.js';
import { listSourceFiles, type AccTask } from './acc-task.js';

/**
 * Floor: walk the tree, read every source file and lex its imports with the engine's own scanner
 * (`scanImports`, the hand lexer ACC uses); no resolution, graph, cycles or rules.
 */
await runContender<AccTask>(async (task) => {
  const timer = startWorkTimer();
  let importReferences = 0;
  const files = listSourceFiles(task.root, SOURCE_EXTENSIONS);
  for (const file of files)
    importReferences += scanImports(readFileSync(join(task.root, file)).toString('utf8')).length;
  const { ms, cpuMs } = timer.stop();
  return { ms, cpuMs, items: task.sourceFiles, outcome: { filesRead: files.length, importReferences } };
});
