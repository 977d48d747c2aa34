/**
 * `npm run shards:plan -- N [-- <playwright test args>]`: the dry run of a duration-balanced N-shard split. It runs
 * `playwright test --list --shard=1/N` with only the shard reporter, which prints the plan's hash and every shard's
 * tests with their planned durations; nothing runs and no results folder is written.
 *
 *   npm run shards:plan -- 4
 *   npm run shards:plan -- 4 -- -g @concurrency
 */
import { resolve } from 'node:path';
import { parseCommandLine, startPlaywright, UsageError } from '../command-line/index.js';
import { SHARD_REPORTER_PATH } from '../sharding/index.js';

const root = resolve(import.meta.dirname, '..', '..');

function parseShardCount(argv: readonly string[]): { total: number; extra: string[] } {
  const dashDash = argv.indexOf('--');
  const own = dashDash === -1 ? [...argv] : argv.slice(0, dashDash);
  const extra = dashDash === -1 ? [] : argv.slice(dashDash + 1);
  const { positionals } = parseCommandLine({ args: own, allowPositionals: true, strict: true, options: {} });
  if (positionals.length !== 1) throw new UsageError('usage: npm run shards:plan -- N [-- <playwright test args>]');
  const total = Number(positionals[0]);
  if (!Number.isInteger(total) || total < 1)
    throw new UsageError(`shard count must be a positive integer, got "${positionals[0]}"`);
  return { total, extra };
}

async function main(): Promise<number> {
  let args: { total: number; extra: string[] };
  try {
    args = parseShardCount(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`shards:plan: ${error.message}\n`);
    return 2;
  }
  // --reporter replaces the config's reporters: allure-playwright would otherwise write a skipped result per listed test.
  const { child, done } = startPlaywright(
    ['test', '--list', `--shard=1/${args.total}`, `--reporter=${SHARD_REPORTER_PATH}`, ...args.extra],
    { cwd: root },
  );
  const forward = (): void => void child.kill('SIGTERM');
  process.once('SIGTERM', forward);
  try {
    return (await done).code;
  } finally {
    process.off('SIGTERM', forward);
  }
}

process.exitCode = await main();
