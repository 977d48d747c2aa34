/**
 * `npm run quarantine [-- check]`: validates quarantine.yaml and says which entries hold today and which expired.
 * `npm run quarantine -- propose [--unstable K] [--window N] [--release-after M] [--days D]`: from the run history,
 * proposes entries for tests flaky in K of their last N runs (printed ready to paste under `tests:`) and the release
 * of quarantined tests that passed their last M runs in a row.
 *
 * Exit codes: 0 done (proposals are advice, not failures); 2 bad input (flags, an invalid quarantine file, a corrupt
 * history), with every problem on its own line and no stack trace.
 */
import { relative, resolve } from 'node:path';
import {
  DEFAULT_QUARANTINE_POLICY,
  QUARANTINE_FILE_NAME,
  QuarantineFileError,
  evaluateQuarantine,
  formatProposedEntry,
  loadQuarantine,
  proposeQuarantineChanges,
  utcDay,
  type QuarantinePolicy,
} from '../quarantine/index.js';
import { parseCommandLine, UsageError } from '../command-line/index.js';
import { reportPaths } from '../pipeline/index.js';
import { RunHistoryError, readRunHistory, summarizeTrends } from '../trends/index.js';

const root = resolve(import.meta.dirname, '..', '..');
const write = (line: string): void => void process.stdout.write(`${line}\n`);

function positiveInteger(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`--${name} must be a positive integer, got "${raw}"`);
  return value;
}

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandLine({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      file: { type: 'string' },
      history: { type: 'string' },
      unstable: { type: 'string' },
      window: { type: 'string' },
      'release-after': { type: 'string' },
      days: { type: 'string' },
    },
  });
  const command = positionals[0] ?? 'check';
  if (!['check', 'propose'].includes(command) || positionals.length > 1)
    throw new UsageError(`unknown command "${positionals.join(' ')}" (check | propose)`);
  const policy: QuarantinePolicy = {
    unstableRuns: positiveInteger('unstable', values.unstable, DEFAULT_QUARANTINE_POLICY.unstableRuns),
    window: positiveInteger('window', values.window, DEFAULT_QUARANTINE_POLICY.window),
    releaseAfter: positiveInteger('release-after', values['release-after'], DEFAULT_QUARANTINE_POLICY.releaseAfter),
  };
  const days = positiveInteger('days', values.days, 14);
  const file = resolve(root, values.file ?? QUARANTINE_FILE_NAME);
  const today = utcDay(Date.now());
  const state = evaluateQuarantine(await loadQuarantine(file), today);
  const shown = relative(root, file) || file;
  write(
    `${shown}: ${state.active.length} entr${state.active.length === 1 ? 'y holds' : 'ies hold'} today (${today}), ${state.expired.length} expired`,
  );
  for (const e of state.active) write(`  ${e.test}: until ${e.expires}, ${e.reason}`);
  for (const e of state.expired)
    write(`  ${e.test}: EXPIRED ${e.expires} (line ${e.line}): its failures count again; renew it or remove it`);
  if (command === 'check') return 0;

  const historyFile = values.history !== undefined ? resolve(root, values.history) : reportPaths(root).runsFile;
  const runs = await readRunHistory(historyFile);
  const proposals = proposeQuarantineChanges(
    summarizeTrends(runs, Math.max(policy.window, policy.releaseAfter)),
    state,
    policy,
  );
  write(
    `${relative(root, historyFile) || historyFile}: ${runs.length} run(s); flaky = unstable in >= ${policy.unstableRuns} of the last ${policy.window} runs, release after ${policy.releaseAfter} passes in a row`,
  );
  const toAdd = proposals.filter((p) => p.kind === 'quarantine');
  const toRelease = proposals.filter((p) => p.kind === 'release');
  if (proposals.length === 0) write('no proposals');
  if (toAdd.length > 0) {
    write(`\npropose quarantine (paste under "tests:" in ${shown}):`);
    for (const p of toAdd) write(formatProposedEntry(p, today, days));
  }
  for (const p of toRelease)
    write(`\npropose release: ${p.entry.test} (${shown}:${p.entry.line}) ${p.evidence}: remove its entry`);
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || error instanceof QuarantineFileError || error instanceof RunHistoryError) {
    process.stderr.write(`quarantine: ${(error as Error).message}\n`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
