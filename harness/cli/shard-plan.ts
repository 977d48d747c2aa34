/**
 * `npm run shards:plan -- N [-- <playwright test args>]`: the dry run of a duration-balanced N-shard split. It runs
 * `playwright test --list --shard=1/N` with only the shard reporter, which prints the plan's hash and every shard's
 * tests with their planned durations; nothing runs and no results folder is written.
 *
 *   npm run shards:plan -- 4
 *   npm run shards:plan -- 4 -- -g @concurrency
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { SHARD_REPORTER_PATH } from '../sharding/index.js';

const root = resolve(import.meta.dirname, '..', '..');

function parseShardCount(argv: readonly string[]): { total: number; extra: string[] } | string {
  const dashDash = argv.indexOf('--');
  const own = dashDash === -1 ? [...argv] : argv.slice(0, dashDash);
  const extra = dashDash === -1 ? [] : argv.slice(dashDash + 1);
  if (own.length !== 1) return 'usage: npm run shards:plan -- N [-- <playwright test args>]';
  const total = Number(own[0]);
  if (!Number.isInteger(total) || total < 1) return `shard count must be a positive integer, got "${own[0]}"`;
  return { total, extra };
}

async function main(): Promise<number> {
  const args = parseShardCount(process.argv.slice(2));
  if (typeof args === 'string') {
    process.stderr.write(`shards:plan: ${args}\n`);
    return 2;
  }
  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
  // --reporter replaces the config's reporters: allure-playwright would otherwise write a skipped result per listed test.
  const child = spawn(process.execPath, [cli, 'test', '--list', `--shard=1/${args.total}`, `--reporter=${SHARD_REPORTER_PATH}`, ...args.extra], {
    cwd: root,
    stdio: 'inherit',
  });
  const forward = (): void => void child.kill('SIGTERM');
  process.once('SIGTERM', forward);
  return new Promise((resolveCode, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      process.off('SIGTERM', forward);
      resolveCode(code ?? (signal === null ? 1 : 130));
    });
  });
}

process.exitCode = await main();
