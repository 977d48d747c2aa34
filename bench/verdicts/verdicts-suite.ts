import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runVerdictsBench, type VerdictsBenchResult } from './run-verdicts-bench.js';

export interface VerdictsSuiteOptions {
  quick: boolean;
  seed: number;
  /** Overrides the suite runs per load (default 14, quick 8). */
  runs?: number;
  /** Repository root. */
  cwd: string;
  /** Report folder (reports/bench). */
  outDir: string;
  /** Scratch folder for the generated inputs. */
  workDir: string;
  log: (line: string) => void;
  signal?: AbortSignal;
}

/**
 * `npm run bench -- --only verdicts`: measures and replays (see run-verdicts-bench.ts), prints the markdown and
 * writes it to `<outDir>/verdicts-latest.md`, with every measured run in `<outDir>/verdicts-<timestamp>.json`.
 * Goals missed are reported (MISS), not errors.
 */
export async function runVerdictsSuite(
  options: VerdictsSuiteOptions,
): Promise<{ markdown: string; result: VerdictsBenchResult }> {
  const repeat = { rounds: options.quick ? 3 : 5, minCpuMs: options.quick ? 200 : 400, maxRounds: 100 };
  const result = await runVerdictsBench({
    seed: options.seed,
    runs: options.runs ?? (options.quick ? 8 : 14),
    ...repeat,
    trials: options.quick ? 300 : 1000,
    cwd: options.cwd,
    workDir: join(options.workDir, 'verdicts'),
    log: options.log,
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
  });
  mkdirSync(options.outDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  writeFileSync(join(options.outDir, 'verdicts-latest.md'), result.markdown);
  writeFileSync(
    join(options.outDir, `verdicts-${stamp}.json`),
    `${JSON.stringify({ seed: options.seed, quick: options.quick, repeat, ...result }, null, 1)}\n`,
  );
  return { markdown: result.markdown, result };
}
