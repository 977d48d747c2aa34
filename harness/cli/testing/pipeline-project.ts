import { spawn } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '..', '..', '..');
/**
 * How the package scripts run a TypeScript CLI: node with tsx's loader in-process. Not the tsx CLI: it runs the
 * program as a child and, when that child does not confirm a relayed signal within 30 ms (a busy event loop on a
 * loaded machine), SIGKILLs it, so the CLI's own SIGINT handling never runs and its children are orphaned.
 */
export const NODE_WITH_TSX: readonly [string, ...string[]] = [process.execPath, '--import', 'tsx'];
export const PLAYWRIGHT_CLI = join(REPO, 'node_modules', '@playwright', 'test', 'cli.js');

/**
 * A small Playwright project wired like this repository (our global setup, one allure-results folder per shard, a
 * blob per shard) for the pipeline CLIs' own tests: `quick/` has two fast tests in two files, `slow/` a fast one
 * and one that runs until it is stopped (bounded at 60 s; it prints `S-2 is running` when it has started, the moment a
 * test can signal to interrupt a running test). SPEC_DIR picks the folder.
 */
export async function writePipelineProject(dir: string): Promise<void> {
  await mkdir(join(dir, 'quick'), { recursive: true });
  await mkdir(join(dir, 'slow'), { recursive: true });
  await symlink(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  await writeFile(join(dir, 'package.json'), '{"type":"module","name":"pipeline-cli-test"}\n');
  await writeFile(
    join(dir, 'playwright.config.ts'),
    `import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';
const arg = process.argv.find((a) => a.startsWith('--shard='));
const m = arg === undefined ? null : /^--shard=(\\d+)\\/(\\d+)$/.exec(arg);
const folder = m === null ? (process.env.TEST_SHARD_FOLDER ?? 'local') : \`shard-\${m[1]}-of-\${m[2]}\`;
process.env.TEST_SHARD_FOLDER = folder;
const root = import.meta.dirname;
export default defineConfig({
  testDir: process.env.SPEC_DIR ?? 'quick', timeout: 90_000, workers: 1, fullyParallel: true, retries: 0,
  reporter: [['list'], ['allure-playwright', { resultsDir: resolve(root, 'reports', 'allure-results', folder), detail: false }],
    ...(m === null ? [] : [['blob', { outputDir: resolve(root, 'reports', 'blob', folder) }] as const])],
  globalSetup: ${JSON.stringify(join(REPO, 'harness', 'fixtures', 'global-setup.ts'))},
});
`,
  );
  await writeFile(
    join(dir, 'quick', 'a.spec.ts'),
    `import { test, expect } from '@playwright/test';\ntest('Q-1 first', () => { expect(1).toBe(1); });\n`,
  );
  await writeFile(
    join(dir, 'quick', 'b.spec.ts'),
    `import { test, expect } from '@playwright/test';\ntest('Q-2 second', () => { expect(2).toBe(2); });\n`,
  );
  await writeFile(
    join(dir, 'slow', 'c.spec.ts'),
    `import { test, expect } from '@playwright/test';
test('S-1 quick passes', () => { expect(1).toBe(1); });
test('S-2 slow runs until stopped', async () => {
  console.log('S-2 is running');
  for (let i = 0; i < 600; i += 1) await new Promise((r) => setTimeout(r, 100));
});
`,
  );
  // A plugin that, first of all plugins, holds `allure generate` for HOLD_ALLURE_GENERATE_MS: a test that must
  // signal the CLI while its report is being built gets a build that cannot finish before the signal arrives.
  const hold = join(dir, 'hold-generate.mjs');
  await writeFile(
    hold,
    `export default class HoldGenerate {
  async start() {
    const ms = Number(process.env.HOLD_ALLURE_GENERATE_MS ?? 0);
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
  }
}
`,
  );
  await writeFile(
    join(dir, 'allurerc.json'),
    JSON.stringify({
      name: 'pipeline CLI test',
      historyPath: './reports/history/allure-history.jsonl',
      plugins: { hold: { import: hold }, awesome: { options: { singleFile: false } } },
    }),
  );
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command to its end (bounded by `timeoutMs`), collecting its output. `onStdout` sees the output as it grows. */
export function runCli(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number; onStdout?: (all: string, pid: number) => void },
): Promise<CliRun> {
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`${command} ${args.join(' ')} did not end within ${options.timeoutMs} ms\n${stdout}\n${stderr}`),
      );
    }, options.timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (child.pid !== undefined) options.onStdout?.(stdout, child.pid);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}
