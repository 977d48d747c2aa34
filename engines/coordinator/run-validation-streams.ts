import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { systemClock, type Clock } from '../common/index.js';
import { computeVerdict, isDeployable } from './compute-verdict.js';
import { CoordinatorConfigError } from './errors.js';
import { runIsolated } from './run-isolated.js';
import {
  STREAM_NAMES,
  type CoordinatorReport,
  type DetailsOf,
  type StreamName,
  type StreamResult,
  type StreamSet,
} from './types.js';
import { writeJsonAtomic } from '../common/index.js';

export interface RunValidationStreamsOptions {
  readonly runId?: string;
  /** Parent of the per-run workspaces (`<root>/<runId>/<stream>`). Default `<os tmpdir>/maestro-coordinator`. */
  readonly workspaceRoot?: string;
  /** Keep the workspaces after the run (for inspection). Default false: they are removed. */
  readonly keepWorkspaces?: boolean;
  /** Deadline per stream, one number for all or per name. Default 5 minutes. */
  readonly timeoutMs?: number | Partial<Record<StreamName, number>>;
  /** After aborting a late stream, how long to wait to see whether it honoured the signal. Default 1 000 ms. */
  readonly graceMs?: number;
  /** Cancels every stream (each becomes `cancelled`). */
  readonly signal?: AbortSignal;
  /** If given, the report is written there as JSON, atomically. */
  readonly verdictPath?: string;
  /** Keep error stacks in the results. Default true. */
  readonly includeStacks?: boolean;
  readonly clock?: Clock;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;
const DEFAULT_GRACE_MS = 1_000;

/**
 * Runs the DDE, BDV and ACC streams in parallel, each isolated (own workspace, context, AbortController and
 * deadline), and reduces their results to the tri-modal verdict. Never rejects because of a stream: only for
 * misuse (a stream under the wrong name) or when the workspace or verdict file cannot be written.
 */
export async function runValidationStreams<S extends StreamSet>(
  streams: S,
  options: RunValidationStreamsOptions = {},
): Promise<CoordinatorReport<DetailsOf<S>>> {
  for (const name of STREAM_NAMES) {
    const stream = streams[name] as StreamSet[StreamName] | undefined;
    if (stream === undefined) throw new CoordinatorConfigError(`no ${name} stream given`);
    if (stream.name !== name) throw new CoordinatorConfigError(`the stream under ${name} calls itself ${stream.name}`);
    const timeoutMs = timeoutFor(options.timeoutMs, name);
    if (!(timeoutMs > 0)) throw new CoordinatorConfigError(`${name} timeout must be > 0 ms, got ${timeoutMs}`);
  }
  const clock = options.clock ?? systemClock;
  const runId = options.runId ?? `run-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
  const runDir = path.join(options.workspaceRoot ?? path.join(os.tmpdir(), 'maestro-coordinator'), runId);
  const startedAt = new Date();
  const started = clock.now();

  const workspaces = Object.fromEntries(
    STREAM_NAMES.map((name) => [name, path.join(runDir, name.toLowerCase())]),
  ) as Record<StreamName, string>;
  await Promise.all(STREAM_NAMES.map((name) => mkdir(workspaces[name], { recursive: true })));

  try {
    const results = await Promise.all(
      STREAM_NAMES.map((name) =>
        runIsolated(streams[name], {
          runId,
          workspaceDir: workspaces[name],
          timeoutMs: timeoutFor(options.timeoutMs, name),
          graceMs: options.graceMs ?? DEFAULT_GRACE_MS,
          clock,
          ...(options.signal === undefined ? {} : { runSignal: options.signal }),
          ...(options.includeStacks === undefined ? {} : { includeStacks: options.includeStacks }),
        }),
      ),
    );
    const byName = Object.fromEntries(results.map((result) => [result.stream, result])) as {
      [K in StreamName]: StreamResult<DetailsOf<S>[K]>;
    };
    const verdict = computeVerdict({
      DDE: byName.DDE.status === 'passed',
      BDV: byName.BDV.status === 'passed',
      ACC: byName.ACC.status === 'passed',
    });
    const report: CoordinatorReport<DetailsOf<S>> = {
      schemaVersion: 1,
      runId,
      startedAt: startedAt.toISOString(),
      durationMs: clock.now() - started,
      verdict,
      deployable: isDeployable(verdict),
      streams: byName,
    };
    if (options.verdictPath !== undefined) await writeJsonAtomic(options.verdictPath, report);
    return report;
  } finally {
    if (options.keepWorkspaces !== true) await rm(runDir, { recursive: true, force: true });
  }
}

function timeoutFor(option: RunValidationStreamsOptions['timeoutMs'], name: StreamName): number {
  if (typeof option === 'number') return option;
  return option?.[name] ?? DEFAULT_TIMEOUT_MS;
}
