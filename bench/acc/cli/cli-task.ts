import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

/** A whole-process workload: one CLI run on a generated code base, as a CI job would start it. */
export interface AccCliTask {
  /** Code base root (holds tsconfig.json, package.json and src/ or packages/). */
  readonly root: string;
  /** The folders given to the peers' CLIs, relative to root (`src`, or each package's folder). */
  readonly sourceDirs: readonly string[];
  readonly sourceFiles: number;
  /** Our rules file (YAML) for `maestro analyze --rules`. */
  readonly rulesFile: string;
  /** dependency-cruiser's `--config` file (JSON: the equivalent forbidden rules and options). */
  readonly depcruiseConfig: string;
  /** A folder holding madge's `.madgerc` (madge's CLI only reads it from its working folder or above). */
  readonly madgeDir: string;
  /** Whether the outcome includes presentation -> data violations (the layered code bases) or only cycles. */
  readonly layered: boolean;
}

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const MAESTRO_BIN = fileURLToPath(new URL('../../../bin/maestro.mjs', import.meta.url));
export const DEPCRUISE_BIN = fileURLToPath(
  new URL('../../../node_modules/dependency-cruiser/bin/dependency-cruise.mjs', import.meta.url),
);
export const MADGE_BIN = fileURLToPath(new URL('../../../node_modules/madge/bin/cli.js', import.meta.url));
const TIME = '/usr/bin/time';

/**
 * The bin runs the TypeScript sources through tsx when bin/dist is missing or older than a source (see
 * bin/maestro.mjs); timing that would not be the compiled CLI a user runs, so the row refuses to start.
 */
export function assertCompiledBinFresh(): void {
  const manifest = fileURLToPath(new URL('../../../bin/dist/inputs.json', import.meta.url));
  let stale: string | undefined =
    process.env['MAESTRO_FROM_SOURCE'] === '1' ? 'MAESTRO_FROM_SOURCE=1 is set' : undefined;
  if (stale === undefined)
    try {
      const { inputs } = JSON.parse(readFileSync(manifest, 'utf8')) as {
        inputs: Record<string, { size: number; mtimeMs: number }>;
      };
      for (const [file, recorded] of Object.entries(inputs)) {
        const st = statSync(`${REPO_ROOT}${file}`);
        if (st.size !== recorded.size || st.mtimeMs !== recorded.mtimeMs) {
          stale = file;
          break;
        }
      }
    } catch (error) {
      stale = `${manifest} (${error instanceof Error ? error.message : String(error)})`;
    }
  if (stale !== undefined)
    throw new Error(
      `bin/dist is not up to date (${stale}): run \`npm run build:bin\` first, or the row would time the tsx fallback`,
    );
}

export interface CliRun {
  /** Wall time from spawn to exit (performance.now() in the parent), start-up and module loading included. */
  readonly ms: number;
  /** User + system CPU of the CLI process as GNU time reports it (10 ms resolution), all threads. */
  readonly cpuMs: number;
  /** Its peak RSS (GNU time's %M), MB. */
  readonly peakRssMb: number;
  readonly exitCode: number;
  readonly stdout: string;
}

const MARK = '__maestro_bench_time__';

/**
 * Runs `node <args>` under GNU time, as `/usr/bin/time node ...` in a CI log would: wall from this process,
 * CPU and peak RSS of the child from its rusage. stdout is kept (the report), stderr is parsed for the figures.
 */
export async function runCli(args: readonly string[], cwd: string, timeoutMs = 15 * 60_000): Promise<CliRun> {
  if (!existsSync(TIME))
    throw new Error(`${TIME} not found: the whole-process rows need GNU time for the child's CPU time and peak RSS`);
  const started = performance.now();
  const child = spawn(TIME, ['-f', `${MARK} %U %S %M`, process.execPath, ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  let err = '';
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => {
    err += b.toString('utf8');
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  let exitCode: number;
  try {
    exitCode = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code) => resolve(code ?? -1));
    });
  } finally {
    clearTimeout(timer);
  }
  const ms = performance.now() - started;
  const line = err.split('\n').find((l) => l.startsWith(MARK));
  const fields = line?.slice(MARK.length).trim().split(/\s+/).map(Number);
  if (fields?.length !== 3 || fields.some((f) => !Number.isFinite(f))) {
    throw new Error(`no GNU time figures from: node ${args.join(' ')} (exit ${exitCode}): ${err.slice(-2000)}`);
  }
  const [user = 0, system = 0, maxRssKb = 0] = fields;
  return {
    ms,
    cpuMs: (user + system) * 1000,
    peakRssMb: maxRssKb / 1024,
    exitCode,
    stdout: Buffer.concat(out).toString('utf8'),
  };
}

/** Parses a CLI's JSON report; a run that printed none (a crash) fails the repetition with its exit code. */
export function parseReport(run: CliRun, tool: string): unknown {
  try {
    return JSON.parse(run.stdout) as unknown;
  } catch (error) {
    throw new Error(`${tool} exited ${run.exitCode} without a JSON report (${run.stdout.slice(0, 300)})`, {
      cause: error,
    });
  }
}
