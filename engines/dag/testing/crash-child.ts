/**
 * Child process for the crash/resume test: runs a seeded workflow on a FileContextStore and appends
 * `completed <nodeId>` to a log file (synchronously, so it survives a SIGKILL) on every NODE_COMPLETED, then
 * echoes the line on stdout so the parent can pick its moment to kill.
 * Usage: node --import tsx crash-child.ts <storeDir> <executionId> <logFile> <seed> <size>
 */
import { appendFileSync } from 'node:fs';
import { FileContextStore } from '../stores/file-store.js';
import { WorkflowExecutor } from '../workflow-executor.js';
import { buildCrashWorkflow } from './crash-workflow.js';

const [directory, executionId, logFile, seed, size] = process.argv.slice(2);
if (
  directory === undefined ||
  executionId === undefined ||
  logFile === undefined ||
  seed === undefined ||
  size === undefined
) {
  throw new Error('usage: crash-child.ts <storeDir> <executionId> <logFile> <seed> <size>');
}

const workflow = buildCrashWorkflow({ seed: Number(seed), size: Number(size) });
const executor = new WorkflowExecutor({ store: new FileContextStore({ directory }), workflowConcurrency: 4 });
const result = await executor.run(workflow, {
  executionId,
  onEvent: (event) => {
    if (event.type !== 'NODE_COMPLETED') return;
    appendFileSync(logFile, `completed ${event.nodeId}\n`);
    process.stdout.write(`completed ${event.nodeId}\n`);
  },
});
process.stdout.write(`finished ${result.status}\n`);
