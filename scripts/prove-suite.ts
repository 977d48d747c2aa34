/**
 * Proof that the stress suite tests something: break an engine on purpose and watch the matching E2E tests fail.
 *
 * Copies the repository to a temporary folder (node_modules symlinked), checks that the unmutated copy passes the
 * suite at a small STRESS_SCALE, then applies one targeted mutation at a time to engine source by exact string
 * replacement, runs the E2E tests that cover that engine, and requires every one of them to FAIL. A mutation
 * whose target string is missing fails the proof loudly, so an engine refactor can never make it vacuous.
 * Before that, an in-process check shows the E2E-104 invariant is one a real race breaks.
 *
 * Usage: npx tsx scripts/prove-suite.ts [--keep] [--only <mutation-id>]
 * Environment: PROVE_SCALE (default 0.2), STRESS_SEED (default 20251013).
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLockManager } from '../engines/sync/index.js';
import { createSharedLedger, incrementUnderLock, incrementUnprotected } from '../harness/engine-workloads/index.js';
import { MUTATIONS, locateTarget } from './prove-mutations.js';

const ALL_TESTS = Array.from({ length: 15 }, (_, i) => `E2E-${101 + i}`);
const SKIPPED_DIRS = new Set([
  'node_modules',
  '.git',
  'reports',
  'test-results',
  'playwright-report',
  '.maestro-cache',
  'blob-report',
]);
const require = createRequire(import.meta.url);
const PLAYWRIGHT_CLI = require.resolve('@playwright/test/cli');
const RUN_TIMEOUT_MS = 10 * 60_000;

type TestStatus = 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted' | 'missing';

interface SuiteRun {
  readonly statuses: Readonly<Record<string, TestStatus>>;
  /** First error line of each test that did not pass. */
  readonly errors: Readonly<Record<string, string>>;
  readonly exitCode: number;
  readonly ms: number;
  readonly outputTail: string;
}

interface JsonResult {
  readonly status: TestStatus;
  readonly errors?: readonly { readonly message?: string }[];
}

interface JsonSuite {
  readonly specs?: readonly {
    readonly title: string;
    readonly tests: readonly { readonly results: readonly JsonResult[] }[];
  }[];
  readonly suites?: readonly JsonSuite[];
}

function collectStatuses(suite: JsonSuite, into: Record<string, TestStatus>, errors: Record<string, string>): void {
  for (const spec of suite.specs ?? []) {
    const id = /E2E-\d{3}/.exec(spec.title)?.[0];
    const result = spec.tests[0]?.results.at(-1);
    if (id === undefined) continue;
    into[id] = result?.status ?? 'missing';
    const message = result?.errors?.[0]?.message;
    if (message !== undefined)
      errors[id] = message
        // eslint-disable-next-line no-control-regex -- strip ANSI colour codes from Playwright's messages
        .replace(/\u001b\[[0-9;]*m/g, '')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .slice(0, 4)
        .join(' / ');
  }
  for (const child of suite.suites ?? []) collectStatuses(child, into, errors);
}

async function runSuite(copy: string, ids: readonly string[], env: NodeJS.ProcessEnv): Promise<SuiteRun> {
  const jsonPath = join(copy, 'prove-report.json');
  await rm(jsonPath, { force: true });
  const started = performance.now();
  const args = [PLAYWRIGHT_CLI, 'test', '--reporter=json', '--grep', ids.join('|')];
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...env,
    PLAYWRIGHT_JSON_OUTPUT_NAME: jsonPath,
    FORCE_COLOR: '0',
  };
  delete childEnv['CI'];
  const { code, output } = await new Promise<{ code: number; output: string }>((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { cwd: copy, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    const keep = (chunk: Buffer): void => {
      text = (text + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (exitCode) => {
      clearTimeout(timer);
      resolvePromise({ code: exitCode ?? 1, output: text });
    });
  });
  const statuses: Record<string, TestStatus> = Object.fromEntries(ids.map((id) => [id, 'missing' as TestStatus]));
  const errors: Record<string, string> = {};
  try {
    collectStatuses(JSON.parse(await readFile(jsonPath, 'utf8')) as JsonSuite, statuses, errors);
  } catch {
    // No report (the run crashed before writing it): every test stays 'missing', which the caller treats as not passed.
  }
  return { statuses, errors, exitCode: code, ms: performance.now() - started, outputTail: output.slice(-2_000) };
}

async function copyRepository(root: string): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), 'maestro-prove-'));
  await cp(root, copy, {
    recursive: true,
    filter: (source) => {
      const rel = relative(root, source);
      return rel === '' || !rel.split(/[\\/]/).some((part) => SKIPPED_DIRS.has(part));
    },
  });
  await symlink(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
  return copy;
}

/** The E2E-104 invariant must be one a real race breaks: unprotected read-yield-write loses updates, the lock does not. */
async function proveLedgerRace(): Promise<{ writers: number; unprotected: number; locked: number }> {
  const writers = 200;
  const racy = createSharedLedger();
  await Promise.all(Array.from({ length: writers }, (_, i) => incrementUnprotected(racy, `w${i % 3}`)));
  const safe = createSharedLedger();
  const locks = createLockManager();
  await Promise.all(
    Array.from({ length: writers }, (_, i) => incrementUnderLock(safe, locks, `owner-${i}`, `w${i % 3}`)),
  );
  return { writers, unprotected: racy.count, locked: safe.count };
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

async function main(): Promise<number> {
  let values: { keep?: boolean; only?: string };
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: { keep: { type: 'boolean' }, only: { type: 'string' } },
    }));
  } catch (error) {
    // A mistyped flag must not start a minutes-long run that ignores it.
    process.stderr.write(
      `[prove] ${(error as Error).message}\nusage: npm run prove -- [--keep] [--only <mutation-id>]\n`,
    );
    return 2;
  }
  const keep = values.keep === true;
  const only = values.only;
  const mutations = only === undefined ? MUTATIONS : MUTATIONS.filter((m) => m.id === only);
  if (mutations.length === 0) {
    process.stderr.write(`[prove] no mutation named ${only ?? ''}; known: ${MUTATIONS.map((m) => m.id).join(', ')}\n`);
    return 2;
  }
  const root = resolve(import.meta.dirname, '..');
  const env = {
    STRESS_SCALE: process.env['PROVE_SCALE'] ?? '0.2',
    STRESS_SEED: process.env['STRESS_SEED'] ?? '20251013',
  };
  const rows: string[][] = [];
  let ok = true;

  const race = await proveLedgerRace();
  const raceProven = race.unprotected < race.writers && race.locked === race.writers;
  ok &&= raceProven;
  process.stdout.write(
    `[prove] E2E-104 invariant: ${race.writers} concurrent read-yield-write increments -> ${race.unprotected} without the lock, ${race.locked} with it: ${raceProven ? 'a real race breaks it' : 'NOT PROVEN'}\n`,
  );

  const copy = await copyRepository(root);
  process.stdout.write(`[prove] copy at ${copy}; STRESS_SCALE=${env.STRESS_SCALE} STRESS_SEED=${env.STRESS_SEED}\n`);
  try {
    // Every target must exist before anything runs: a missing one means the proof has gone stale.
    const targets = new Map<string, string>();
    for (const m of mutations) targets.set(m.id, await locateTarget(copy, m));

    const baselineIds = only === undefined ? ALL_TESTS : [...new Set(mutations.flatMap((m) => m.tests))];
    process.stdout.write(`[prove] baseline: ${baselineIds.length} tests on the unmutated copy...\n`);
    const baseline = await runSuite(copy, baselineIds, env);
    const baselineFailed = baselineIds.filter((id) => baseline.statuses[id] !== 'passed');
    ok &&= baselineFailed.length === 0;
    rows.push([
      '(none)',
      baselineIds.join(' '),
      baselineFailed.length === 0
        ? `all passed (${(baseline.ms / 1000).toFixed(0)} s)`
        : `FAILED: ${baselineFailed.join(' ')}`,
    ]);
    for (const id of baselineFailed)
      process.stdout.write(
        `[prove] baseline ${id} ${baseline.statuses[id] ?? 'missing'}: ${baseline.errors[id] ?? baseline.outputTail}\n`,
      );

    for (const m of mutations) {
      const path = join(copy, targets.get(m.id) ?? '');
      const original = await readFile(path, 'utf8');
      await writeFile(path, original.replace(m.find, m.replace));
      process.stdout.write(`[prove] ${m.id}: ${m.description}; running ${m.tests.join(' ')}...\n`);
      try {
        const run = await runSuite(copy, m.tests, env);
        const survived = m.tests.filter(
          (id) => run.statuses[id] === 'passed' || run.statuses[id] === 'missing' || run.statuses[id] === 'skipped',
        );
        const proven = survived.length === 0;
        ok &&= proven;
        const detail = m.tests.map((id) => `${id}=${run.statuses[id] ?? 'missing'}`).join(' ');
        for (const id of m.tests)
          if (run.errors[id] !== undefined) process.stdout.write(`[prove]   ${id}: ${run.errors[id]}\n`);
        rows.push([
          m.id,
          m.tests.join(' '),
          proven ? `all failed (${detail})` : `NOT PROVEN, still passing: ${survived.join(' ')} (${detail})`,
        ]);
      } finally {
        await writeFile(path, original);
      }
    }
  } finally {
    if (keep) process.stdout.write(`[prove] kept ${copy}\n`);
    else await rm(copy, { recursive: true, force: true });
  }

  const header = ['mutation', 'tests', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => pad(c, widths[i] ?? 0)).join(' | ')} |`;
  process.stdout.write(
    `\n${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${rows.map(line).join('\n')}\n\n`,
  );
  process.stdout.write(
    ok ? '[prove] every mutation made its tests fail; the unmutated suite passes\n' : '[prove] PROOF FAILED\n',
  );
  return ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`[prove] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
