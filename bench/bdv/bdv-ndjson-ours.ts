import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runBdvCommand } from '../../harness/cli/bdv-command.js';
import { runContender, startWorkTimer } from '../core/child-protocol.js';
import type { BdvTask } from './bdv-task.js';
import { countNdjsonOutcomes } from './count-ndjson.js';
// Loaded before the clock starts, as cucumber-js's support file's imports are.
import '../../harness/generators/index.js';

const STEPS = fileURLToPath(new URL('./vocabulary-steps.ts', import.meta.url));

/** Contender: `maestro bdv --format ndjson --output FILE` (the command, in this process), messages streamed to a file. */
await runContender<BdvTask>(async (task) => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bdv-ndjson-'));
  const file = join(dir, 'messages.ndjson');
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  try {
    const timer = startWorkTimer();
    const code = await runBdvCommand([task.featuresDir, '--steps', STEPS, '--format', 'ndjson', '--output', file], {
      stdout: sink,
      stderr: process.stderr,
    });
    const { ms, cpuMs } = timer.stop();
    const outcome = await countNdjsonOutcomes(file);
    return {
      ms,
      cpuMs,
      items: Number(outcome['scenarios']),
      outcome: { ...outcome, exitCode: code, ndjsonMB: Math.round(statSync(file).size / 1e6) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
