import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CoordinatorConfigError,
  StreamInputError,
  runValidationStreams,
  type StreamContext,
  type StreamName,
  type StreamOutcome,
  type ValidationStream,
} from './index.js';

/** Stub streams: fine for the coordinator's own tests; the real ones over the engines live in ./streams/. */
function stream<D>(name: StreamName, run: (context: StreamContext) => Promise<StreamOutcome<D>>): ValidationStream<D> {
  return { name, run };
}

const passing = (name: StreamName, seen?: StreamContext[]) =>
  stream(name, async (context) => {
    seen?.push(context);
    await writeFile(path.join(context.workspaceDir, 'proof.txt'), name);
    return { passed: true, summary: `${name} ok`, details: { checked: 3 } };
  });

/** Ignores its signal entirely: the worst kind of hang. */
const hanging = (name: StreamName, seen: StreamContext[]) =>
  stream<never>(name, (context) => {
    seen.push(context);
    return new Promise<never>(() => undefined);
  });

describe('runValidationStreams', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'coordinator-test-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('isolates a crashing, a hanging and a passing stream from one another', async () => {
    const contexts: StreamContext[] = [];
    const verdictPath = path.join(root, 'out', 'verdict.json');
    const report = await runValidationStreams(
      {
        DDE: stream<never>('DDE', async (context) => {
          contexts.push(context);
          throw new TypeError('executor exploded');
        }),
        BDV: hanging('BDV', contexts),
        ACC: passing('ACC', contexts),
      },
      { workspaceRoot: root, runId: 'r1', timeoutMs: { DDE: 20_000, BDV: 250, ACC: 20_000 }, graceMs: 50, verdictPath },
    );

    expect(report.verdict).toBe('MIXED_FAILURE');
    expect(report.deployable).toBe(false);
    expect(report.streams.DDE).toMatchObject({
      status: 'failed',
      reason: 'crashed',
      error: { name: 'TypeError', message: 'executor exploded' },
    });
    expect(report.streams.BDV).toMatchObject({
      status: 'failed',
      reason: 'timedOut',
      settledAfterAbort: false,
      error: { name: 'StreamDeadlineError', code: 'STREAM_DEADLINE' },
    });
    expect(report.streams.BDV.durationMs).toBeGreaterThanOrEqual(200);
    expect(report.streams.ACC).toMatchObject({ status: 'passed', summary: 'ACC ok', details: { checked: 3 } });

    const byName = new Map(contexts.map((context) => [context.stream, context]));
    expect(byName.get('BDV')?.signal.aborted).toBe(true);
    expect(byName.get('BDV')?.signal.reason).toMatchObject({ name: 'StreamDeadlineError' });
    expect(byName.get('ACC')?.signal.aborted).toBe(false);
    expect(byName.get('DDE')?.signal.aborted).toBe(false);
    expect(new Set(contexts.map((context) => context.workspaceDir)).size).toBe(3);
    expect(contexts.every((context) => Object.isFrozen(context))).toBe(true);
    // Workspaces are removed after the run unless kept.
    expect(existsSync(path.join(root, 'r1'))).toBe(false);

    const written: unknown = JSON.parse(await readFile(verdictPath, 'utf8'));
    expect(written).toEqual(JSON.parse(JSON.stringify(report)));
    expect(await readdir(path.dirname(verdictPath))).toEqual(['verdict.json']);
  });

  it('reports a hang that honours its signal as settled after the abort', async () => {
    const report = await runValidationStreams(
      {
        DDE: passing('DDE'),
        BDV: stream<never>(
          'BDV',
          (context) =>
            new Promise<never>((_, reject) => {
              context.signal.addEventListener('abort', () => reject(context.signal.reason as Error), { once: true });
            }),
        ),
        ACC: passing('ACC'),
      },
      { workspaceRoot: root, timeoutMs: { BDV: 100, DDE: 20_000, ACC: 20_000 }, graceMs: 5_000 },
    );
    expect(report.verdict).toBe('DESIGN_GAP');
    expect(report.streams.BDV).toMatchObject({ reason: 'timedOut', settledAfterAbort: true });
  });

  it('classifies bad input, a synchronous throw, a malformed outcome and failed checks', async () => {
    const report = await runValidationStreams(
      {
        DDE: stream<never>('DDE', () => Promise.reject(new StreamInputError('workflow has a cycle: a -> b -> a'))),
        BDV: {
          name: 'BDV',
          run: () => {
            throw 'not even an Error';
          },
        },
        ACC: stream('ACC', () => Promise.resolve(42 as unknown as StreamOutcome<number>)),
      },
      { workspaceRoot: root },
    );
    expect(report.verdict).toBe('SYSTEMIC_FAILURE');
    expect(report.streams.DDE).toMatchObject({ reason: 'badInput', error: { code: 'STREAM_BAD_INPUT' } });
    expect(report.streams.BDV).toMatchObject({
      reason: 'crashed',
      error: { name: 'NonErrorThrown', message: 'not even an Error' },
    });
    expect(report.streams.ACC).toMatchObject({ reason: 'invalidOutcome' });

    const checks = await runValidationStreams(
      {
        DDE: passing('DDE'),
        BDV: passing('BDV'),
        ACC: stream('ACC', () =>
          Promise.resolve({ passed: false, summary: '2 layer violations', details: { violations: 2 } }),
        ),
      },
      { workspaceRoot: root },
    );
    expect(checks.verdict).toBe('ARCHITECTURAL_EROSION');
    expect(checks.streams.ACC).toMatchObject({ status: 'failed', reason: 'checksFailed', details: { violations: 2 } });
  });

  it('gives each stream its own workspace that the others cannot see into', async () => {
    const listings = new Map<StreamName, string[]>();
    const peeking = (name: StreamName) =>
      stream(name, async (context) => {
        await writeFile(path.join(context.workspaceDir, `${name}.txt`), name);
        // Let the other streams write before listing.
        await new Promise((resolve) => setImmediate(resolve));
        listings.set(name, await readdir(context.workspaceDir));
        return { passed: true, summary: 'ok', details: null };
      });
    const report = await runValidationStreams(
      { DDE: peeking('DDE'), BDV: peeking('BDV'), ACC: peeking('ACC') },
      { workspaceRoot: root, keepWorkspaces: true, runId: 'kept' },
    );
    expect(report.verdict).toBe('ALL_PASS');
    expect(report.deployable).toBe(true);
    expect(Object.fromEntries(listings)).toEqual({ DDE: ['DDE.txt'], BDV: ['BDV.txt'], ACC: ['ACC.txt'] });
    expect(await readdir(path.join(root, 'kept'))).toEqual(['acc', 'bdv', 'dde']);
  });

  it('cancels every stream when the run signal aborts', async () => {
    const contexts: StreamContext[] = [];
    const controller = new AbortController();
    const running = runValidationStreams(
      { DDE: hanging('DDE', contexts), BDV: hanging('BDV', contexts), ACC: hanging('ACC', contexts) },
      { workspaceRoot: root, signal: controller.signal, graceMs: 10 },
    );
    while (contexts.length < 3) await new Promise((resolve) => setImmediate(resolve));
    controller.abort(new Error('CI job cancelled'));
    const report = await running;
    expect(report.verdict).toBe('SYSTEMIC_FAILURE');
    for (const name of ['DDE', 'BDV', 'ACC'] as const) {
      expect(report.streams[name]).toMatchObject({ reason: 'cancelled', error: { code: 'RUN_CANCELLED' } });
    }
    expect(contexts.every((context) => context.signal.aborted)).toBe(true);
  });

  it('refuses a stream registered under another name', async () => {
    await expect(
      runValidationStreams({ DDE: passing('BDV'), BDV: passing('BDV'), ACC: passing('ACC') }, { workspaceRoot: root }),
    ).rejects.toBeInstanceOf(CoordinatorConfigError);
  });
});
