/**
 * Child process for CHAOS-05: runs the seeded crash workload on a FileContextStore and, on every NODE_COMPLETED,
 * appends `completed <nodeId>` to a log file synchronously (so the line survives a SIGKILL) and echoes it on
 * stdout so the parent can choose its moment to kill. Every executor entry is logged as `started <nodeId>` too.
 * Usage: node --import tsx e2e/chaos/crash-child.ts <storeDir> <executionId> <logFile> <seed>
 */
import { appendFileSync } from 'node:fs';
import { FileContextStore, WorkflowExecutor } from '../../engines/dag/index.js';
import { buildCrashWorkload } from './crash-workload.js';

const [directory, executionId, logFile, seed] = process.argv.slice(2);
if (directory === undefined || executionId === undefined || logFile === undefined || seed === undefined) {
  throw new Error('usage: crash-child.ts <storeDir> <executionId> <logFile> <seed>');
}

const { workload } = buildCrashWorkload(Number(seed));
const executor = new WorkflowExecutor({ store: new FileContextStore({ directory }), workflowConcurrency: 4 });
const result = await executor.run(workload.definition, {
  executionId,
  onEvent: (event) => {
    if (event.type !== 'NODE_COMPLETED') return;
    appendFileSync(logFile, `completed ${event.nodeId}\n`);
    process.stdout.write(`completed ${event.nodeId}\n`);
  },
});
process.stdout.write(`finished ${result.status}\n`);
