import { execFileSync } from 'node:child_process';
import { randomUUID, createHash } from 'node:crypto';
import { cpus, totalmem, arch, platform } from 'node:os';
import { z } from 'zod';
import { writeFileAtomic } from '../../engines/common/index.js';
import { parseJsonDocument, readTextIfExists } from '../files/index.js';

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
  const description = [
    platform(),
    arch(),
    cores[0]?.model ?? 'unknown-cpu',
    String(cores.length),
    String(Math.round(totalmem() / 2 ** 30)),
  ].join('|');
  return createHash('sha256').update(description).digest('hex').slice(0, 12);
}

export function gitCommit(cwd: string): string | undefined {
  try {
    return (
      execFileSync('git', ['rev-parse', 'HEAD'], {
        cwd,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 5_000,
      }).trim() || undefined
    );
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

export const runContextSchema = z.object({
  scale: z.number().positive(),
  workers: z.union([z.number().int().positive(), z.string().min(1)]),
  node: z.string(),
  machine: z.string(),
  commit: z.string().optional(),
  shardCount: z.number().int().positive(),
});

export const runManifestSchema = z.object({
  runId: z.string().min(1).max(200),
  createdAt: z.number(),
  context: runContextSchema,
});

/**
 * The manifest at `path`, or undefined when no run has written one. A manifest that does not parse is an error
 * naming the file (CorruptDataFileError), never a silent fresh id: the id is what keeps a rebuild from counting twice.
 */
export async function readRunManifest(path: string): Promise<RunManifest | undefined> {
  const text = await readTextIfExists(path);
  if (text === undefined) return undefined;
  const manifest = parseJsonDocument(path, text, runManifestSchema, 'run manifest');
  const { commit, ...context } = manifest.context;
  return { ...manifest, context: { ...context, ...(commit !== undefined ? { commit } : {}) } };
}

/**
 * Environment variable carrying the run id from the CLI that started the run to every Playwright process it
 * spawns (each shard's global setup), or from CI (one id for a matrix of shard jobs, e.g. the workflow run id).
 */
export const RUN_ID_ENV = 'MAESTRO_RUN_ID';

export interface EnsureRunManifestOptions extends Omit<CreateRunManifestOptions, 'now'> {
  path: string;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
}

/**
 * The manifest of the run under way, written once. When `MAESTRO_RUN_ID` names the manifest already on disk (a
 * CLI wrote it and spawned this process), it is kept as it is; otherwise this is a new run (a plain
 * `npx playwright test`, or the first process of a CI job given MAESTRO_RUN_ID) and a fresh manifest is written,
 * with MAESTRO_RUN_ID as its id when set. The id is put back into `env` so the processes started later inherit it.
 */
export async function ensureRunManifest(
  options: EnsureRunManifestOptions,
): Promise<{ manifest: RunManifest; written: boolean }> {
  const env = options.env ?? process.env;
  const wanted = env[RUN_ID_ENV]?.trim();
  const existing = wanted === undefined || wanted === '' ? undefined : await readRunManifest(options.path);
  if (existing !== undefined && existing.runId === wanted) return { manifest: existing, written: false };
  const fresh = createRunManifest(options);
  const manifest = wanted === undefined || wanted === '' ? fresh : { ...fresh, runId: wanted };
  await writeRunManifest(options.path, manifest);
  env[RUN_ID_ENV] = manifest.runId;
  return { manifest, written: true };
}
