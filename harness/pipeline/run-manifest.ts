import { execFileSync } from 'node:child_process';
import { randomUUID, createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { cpus, totalmem, arch, platform } from 'node:os';
import { writeFileAtomic } from '../../engines/common/index.js';

/**
 * What a run's numbers can only be compared under: a detector refuses to judge a run against history whose
 * context differs in scale, workers, Node major or machine (the numbers would differ for reasons no code caused).
 */
export interface RunContext {
  /** STRESS_SCALE of the run (1 when unset). */
  scale: number;
  /** Playwright workers as configured (a number, or the config's string such as "50%"). */
  workers: number | string;
  /** `process.version` of the runner, e.g. "v20.20.2". */
  node: string;
  /** Stable per machine kind: cpu model, core count, memory, platform/arch, hashed (see machineFingerprint). */
  machine: string;
  /** `git rev-parse HEAD` of the project, or undefined outside a git checkout. */
  commit?: string;
  /** Shards this run was split into (1 for an unsharded run). */
  shardCount: number;
}

/** One run's identity, written once when the run starts and read by every later pipeline step. */
export interface RunManifest {
  /** Written once per run; a rebuild of the same results keeps it, so history and baselines can refuse repeats. */
  runId: string;
  /** Epoch ms when the manifest was written. */
  createdAt: number;
  context: RunContext;
}

export function machineFingerprint(): string {
  const cores = cpus();
  const description = [platform(), arch(), cores[0]?.model ?? 'unknown-cpu', String(cores.length), String(Math.round(totalmem() / 2 ** 30))].join('|');
  return createHash('sha256').update(description).digest('hex').slice(0, 12);
}

export function gitCommit(cwd: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5_000 }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export interface CreateRunManifestOptions {
  projectRoot: string;
  scale: number;
  workers: number | string;
  shardCount: number;
  now?: () => number;
}

export function createRunManifest(options: CreateRunManifestOptions): RunManifest {
  const commit = gitCommit(options.projectRoot);
  return {
    runId: randomUUID(),
    createdAt: (options.now ?? Date.now)(),
    context: {
      scale: options.scale,
      workers: options.workers,
      node: process.version,
      machine: machineFingerprint(),
      ...(commit !== undefined ? { commit } : {}),
      shardCount: options.shardCount,
    },
  };
}

export async function writeRunManifest(path: string, manifest: RunManifest): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(manifest, null, 2)}\n`);
}

/** The manifest at `path`, or undefined when no run has written one (results from a plain `npx playwright test`). */
export async function readRunManifest(path: string): Promise<RunManifest | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return JSON.parse(text) as RunManifest;
}
