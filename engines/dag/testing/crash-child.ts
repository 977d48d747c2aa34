/**
 * Child process for the crash/resume test: runs a seeded workflow on a FileContextStore and appends
 * `completed <nodeId>` to a log file (synchronously, so it survives a SIGKILL) on every NODE_COMPLETED, then
 * echoes the line on stdout so the parent can pick its moment to kill. From the `holdAfter`-th completion on, nodes
 * that start wait instead of working (the ones already running finish and write as they would): on a loaded machine
 * the parent's SIGKILL can come late, and without the hold the child sometimes completed the whole workflow first.
 * Usage: node --import tsx crash-child.ts <storeDir> <executionId> <logFile> <seed> <size> <holdAfter>
 */
import { appendFileSync } from 'node:fs';
import { FileContextStore } from '../stores/file-store.js';
import { WorkflowExecutor } from '../workflow-executor.js';
import { buildCrashWorkflow } from './crash-workflow.js';

const [directory, executionId, logFile, seed, size, holdAfter] = process.argv.slice(2);
if (
  directory === undefined ||
  executionId === undefined ||
  logFile === undefined ||
  seed === undefined ||
  size === undefined ||
  holdAfter === undefined
) {
  throw new Error('usage: crash-child.ts <storeDir> <executionId> <logFile> <seed> <size> <holdAfter>');
}

let completed = 0;
let held: Promise<void> | undefined;
/** Never resolves; the process stays up until the parent's SIGKILL, or fails after 60 s if none comes. */
const hold = (): Promise<void> => {
  if (held === undefined) {
    setTimeout(() => {
      throw new Error('crash-child: held for 60 s and no SIGKILL came');
    }, 60_000);
    held = new Promise<void>(() => {});
  }
  return held;
};
const workflow = buildCrashWorkflow({
  seed: Number(seed),
  size: Number(size),
  beforeWork: () => (completed >= Number(holdAfter) ? hold() : undefined),
});
const executor = new WorkflowExecutor({ store: new FileContextStore({ directory }), workflowConcurrency: 4 });
const result = await executor.run(workflow, {
  executionId,
  onEvent: (event) => {
    if (event.type !== 'NODE_COMPLETED') return;
    completed += 1;
    appendFileSync(logFile, `completed ${event.nodeId}\n`);
    process.stdout.write(`completed ${event.nodeId}\n`);
  },
});
process.stdout.write(`finished ${result.status}\n`);
