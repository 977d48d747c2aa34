/**
 * Child process for the read-only file system test: saves one snapshot into a FileContextStore at <directory> and
 * prints one JSON line, `{"ok":true}` or the error's `{"code","message"}`.
 * Usage: node --import tsx save-once.ts <directory>
 */
import { FileContextStore } from '../stores/file-store.js';

const directory = process.argv[2];
if (directory === undefined) throw new Error('usage: save-once.ts <directory>');
const store = new FileContextStore({ directory });
try {
  await store.save({
    version: 1,
    executionId: 'e1',
    workflowId: 'w',
    status: 'RUNNING',
    context: {},
    nodes: {},
    updatedAt: Date.now(),
  });
  process.stdout.write(`${JSON.stringify({ ok: true })}\n`);
} catch (error) {
  const { code, message } = error as NodeJS.ErrnoException;
  process.stdout.write(`${JSON.stringify({ code, message })}\n`);
}
