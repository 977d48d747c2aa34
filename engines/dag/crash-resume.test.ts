import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSeededRandom } from './seeded-random.js';
import { FileContextStore } from './stores/file-store.js';
import { buildCrashWorkflow, expectedCrashOutputs } from './testing/crash-workflow.js';
import { WorkflowExecutor } from './workflow-executor.js';

const here = dirname(fileURLToPath(import.meta.url));
const childScript = join(here, 'testing', 'crash-child.ts');
const SIZE = 60;
// Replay: CRASH_SEED=<n> picks the same workflows and kill points.
const SEED = Number(process.env['CRASH_SEED'] ?? 424_242);

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'dag-crash-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Runs the child until `killAfter` completions were reported, then SIGKILLs it. */
function runChildAndKill(
  executionId: string,
  logFile: string,
  seed: number,
  killAfter: number,
): Promise<{ signal: NodeJS.Signals | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        childScript,
        join(directory, 'store'),
        executionId,
        logFile,
        String(seed),
        String(SIZE),
        String(killAfter),
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    let seen = 0;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      seen += chunk.split('\n').filter((line) => line.startsWith('completed ')).length;
      if (seen >= killAfter && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ signal, stdout });
      else
        reject(
          new Error(`child exited with ${String(code)} before the kill (${stdout.length} bytes of output)\n${stderr}`),
        );
    });
  });
}

describe('crash and resume with the file store (real child process, SIGKILL)', () => {
  it.each([0, 1])(
    'resumes round %i to completion without re-running any node that completed before the kill',
    async (round) => {
      const seed = SEED + round;
      const killAfter = 1 + Math.floor(createSeededRandom(seed)() * (SIZE - 10));
      const executionId = `crash-${seed}`;
      const logFile = join(directory, 'completed.log');

      const child = await runChildAndKill(executionId, logFile, seed, killAfter);
      expect(child.signal).toBe('SIGKILL');
      expect(child.stdout).not.toContain('finished');

      const completedBeforeKill = new Set(
        (await readFile(logFile, 'utf8'))
          .split('\n')
          .filter((line) => line.startsWith('completed '))
          .map((line) => line.slice('completed '.length)),
      );
      expect(completedBeforeKill.size).toBeGreaterThanOrEqual(killAfter);
      expect(completedBeforeKill.size).toBeLessThan(SIZE);

      const reran: string[] = [];
      const workflow = buildCrashWorkflow({ seed, size: SIZE, onRun: (id) => reran.push(id) });
      const store = new FileContextStore({ directory: join(directory, 'store') });
      const handle = await new WorkflowExecutor({ store, workflowConcurrency: 4 }).resume(workflow, executionId);
      const result = await handle.result;

      expect(result.status).toBe('COMPLETED');
      expect(reran.filter((id) => completedBeforeKill.has(id))).toEqual([]);
      const restored = result.nodes
        .filter((node) => node.status === 'COMPLETED' && node.restored)
        .map((node) => node.id);
      expect(new Set([...restored, ...reran]).size).toBe(SIZE);
      expect(restored.length + reran.length).toBe(SIZE);
      // Restored outputs fed the re-run nodes: every output equals the engine-free computation.
      const expected = expectedCrashOutputs(workflow);
      for (const node of result.nodes)
        expect(node.status === 'COMPLETED' && node.output, node.id).toBe(expected.get(node.id));
      expect((await store.load(executionId))?.status).toBe('COMPLETED');
      // Only the execution's file: no temporary file of a write the kill cut short survives the resume.
      expect(await readdir(join(directory, 'store'))).toEqual([`${executionId}.json`]);
    },
    60_000,
  );
});
