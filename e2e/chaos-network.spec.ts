/**
 * Chaos specs of the network: a partitioned service behind the coordinator (CHAOS-02) and a socket pool under
 * connection resets and a partition (CHAOS-03).
 * Run them alone with `npx playwright test --grep @chaos`.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createBdvStream,
  createAccStream,
  createDdeStream,
  runValidationStreams,
  type CoordinatorReport,
  type DdeDetails,
  type BdvDetails,
  type AccDetails,
} from '../engines/coordinator/index.js';
import { FileContextStore } from '../engines/dag/index.js';
import { startChaosProxy } from '../harness/chaos/index.js';
import { expect, test } from '../harness/index.js';
import { generateFanOutFanInDag, writeFeatureSuite, writeLayeredCodebase } from '../harness/generators/index.js';
import { startLoopbackService } from '../harness/net/index.js';
import { createSocketPool, type LineConnection } from '../harness/pools/index.js';
import {
  RetryExhaustedError,
  createSeededRandom,
  withRetry,
  withTimeout,
  type Task,
} from '../harness/resilience/index.js';
import { LAYERED_CODEBASE_RULES_YAML, registerVocabularySteps } from '../harness/engine-workloads/index.js';
import type { HeldLease, Pool } from '../engines/sync/index.js';
import { attachJson } from './support/attach-json.js';
import { TAGS, describeChaos } from './chaos/describe-chaos.js';
import { buildServiceWorkflow } from './chaos/service-workflow.js';

describeChaos('CHAOS-02', 'Coordinator under a partition', 'critical', () => {
  test(
    "CHAOS-02: a partition of the DDE stream's service fails DDE alone; BDV and ACC are unaffected and DDE recovers when it heals",
    { tag: TAGS },
    async ({ perf, seed, workspace }) => {
      perf.setBudgets({ maxDurationMs: 180_000, minCounters: { coordinatorRuns: 3 } });
      const service = await startLoopbackService();
      const proxy = await startChaosProxy({ target: service, random: createSeededRandom(seed) });
      const pool = createSocketPool({ port: proxy.port, max: 4, acquireTimeoutMs: 2_000, connectTimeoutMs: 1_000 });
      try {
        const shape = generateFanOutFanInDag({ stages: 2, width: 6, minWidth: 3, seed });
        const suite = await writeFeatureSuite(join(workspace, 'features'), { scenarios: 40, seed });
        const code = await writeLayeredCodebase(join(workspace, 'code'), { files: 60, seed });
        const rulesFile = join(workspace, 'rules.yaml');
        await writeFile(rulesFile, LAYERED_CODEBASE_RULES_YAML);

        type Report = CoordinatorReport<{ DDE: DdeDetails; BDV: BdvDetails; ACC: AccDetails }>;
        const runPhase = async (
          label: string,
        ): Promise<{
          report: Report;
          outputs: Record<string, unknown>;
          expected: Readonly<Record<string, string>>;
        }> => {
          const workflow = buildServiceWorkflow(shape, {
            workflowId: `svc-${label}`,
            pool,
            requestTimeoutMs: 500,
            retry: { retries: 1, minTimeout: 20 },
          });
          const report = await runValidationStreams(
            {
              DDE: createDdeStream({ workflow: workflow.definition, concurrency: 4 }),
              BDV: createBdvStream({ paths: [suite.root], registry: registerVocabularySteps().registry }),
              ACC: createAccStream({ root: code.root, rules: rulesFile }),
            },
            {
              runId: `chaos-02-${label}-${seed}`,
              workspaceRoot: join(workspace, 'coordinator'),
              keepWorkspaces: true,
              timeoutMs: { DDE: 30_000, BDV: 60_000, ACC: 60_000 },
            },
          );
          perf.count('coordinatorRuns');
          const dde = report.streams.DDE;
          const outputs: Record<string, unknown> = {};
          if (dde.details !== undefined) {
            const snapshot = await new FileContextStore({ directory: dde.details.storeDirectory }).load(
              dde.details.executionId,
            );
            for (const [id, node] of Object.entries(snapshot?.nodes ?? {}))
              if (node.status === 'COMPLETED') outputs[id] = node.output;
          }
          return { report, outputs, expected: workflow.expectedOutputs };
        };

        const baseline = await runPhase('baseline');
        const servedBeforePartition = service.stats().requestsServed;
        proxy.setFaults({ partition: 'drop' });
        const partitioned = await runPhase('partition');
        const servedDuringPartition = service.stats().requestsServed - servedBeforePartition;
        const dropped = proxy.stats().bytesDropped;
        proxy.setFaults({});
        const healed = await runPhase('healed');

        const summary = (report: Report) => ({
          verdict: report.verdict,
          streams: Object.fromEntries(
            Object.entries(report.streams).map(([name, r]) => [
              name,
              {
                status: r.status,
                summary: r.summary,
                durationMs: r.durationMs,
                ...(r.status === 'failed' ? { reason: r.reason } : {}),
              },
            ]),
          ),
        });
        await attachJson('chaos-02-phases.json', {
          seed,
          baseline: summary(baseline.report),
          partition: {
            ...summary(partitioned.report),
            ddeFailures: partitioned.report.streams.DDE.details?.failures,
            servedDuringPartition,
            bytesDropped: dropped,
          },
          healed: summary(healed.report),
          proxy: proxy.stats(),
          service: service.stats(),
        });

        // Baseline: every stream passes and the DDE outputs really came back from the service.
        expect(baseline.report.verdict).toBe('ALL_PASS');
        expect(baseline.outputs).toEqual(baseline.expected);
        expect(servedBeforePartition).toBeGreaterThanOrEqual(shape.length);

        // Partition: DDE fails on its own checks (its nodes could not reach the service), nothing else moves.
        expect(partitioned.report.verdict).toBe('PROCESS_ISSUE');
        const dde = partitioned.report.streams.DDE;
        expect(dde.status).toBe('failed');
        expect(dde.status === 'failed' ? dde.reason : undefined).toBe('checksFailed');
        expect(dde.details?.counts.FAILED ?? 0).toBeGreaterThan(0);
        expect(dde.details?.counts.COMPLETED).toBe(0);
        expect(servedDuringPartition).toBe(0);
        expect(dropped).toBeGreaterThan(0);
        for (const name of ['BDV', 'ACC'] as const) {
          expect(partitioned.report.streams[name].status, `${name} during the partition`).toBe('passed');
        }
        expect(partitioned.report.streams.BDV.details?.counts).toEqual(baseline.report.streams.BDV.details?.counts);
        expect(partitioned.report.streams.BDV.details?.counts.scenarios.passed).toBe(suite.pickles);
        expect(partitioned.report.streams.ACC.details?.filesScanned).toBe(
          baseline.report.streams.ACC.details?.filesScanned,
        );
        expect(partitioned.report.streams.ACC.details?.violationCount).toBe(
          baseline.report.streams.ACC.details?.violationCount,
        );

        // Healed: the same service path works again, with the right outputs.
        expect(healed.report.verdict).toBe('ALL_PASS');
        expect(healed.outputs).toEqual(healed.expected);
        perf.addItems(3);
      } finally {
        const drained = await pool.drain({ timeoutMs: 5_000 });
        await proxy.close();
        await service.close();
        expect(drained.revoked).toEqual([]);
      }
    },
  );
});

describeChaos('CHAOS-03', 'Pool under connection resets', 'critical', () => {
  test(
    'CHAOS-03: the socket pool survives connection resets and a partition without leaking, and recovers when it heals',
    { tag: TAGS },
    async ({ perf, seed }) => {
      perf.setBudgets({
        maxDurationMs: 120_000,
        maxErrorRate: 0,
        minCounters: { healthyRequests: 400, requestsUnderResets: 400 },
      });
      const max = 6;
      const leaks: HeldLease[] = [];
      const service = await startLoopbackService();
      const random = createSeededRandom(seed);
      const proxy = await startChaosProxy({ target: service, random });
      const pool: Pool<LineConnection> = createSocketPool({
        port: proxy.port,
        max,
        acquireTimeoutMs: 5_000,
        connectTimeoutMs: 1_000,
        leakThresholdMs: 10_000,
        onLeak: (leak) => leaks.push(leak),
      });
      let requestNo = 0;
      const oneRequest: Task<string> = async (signal) => {
        const line = `REQ ${++requestNo}`;
        const reply = await pool.use((connection) => connection.request(line, { signal }), { signal });
        if (reply !== line) throw new Error(`sent "${line}", got "${reply}"`);
        return reply;
      };
      /** `count` requests, `parallel` at a time, each retried under `retries`; resolves with how each ended. */
      const traffic = async (
        count: number,
        retries: number,
      ): Promise<{ ok: number; exhausted: number; retried: number; other: string[] }> => {
        const outcome = { ok: 0, exhausted: 0, retried: 0, other: [] as string[] };
        const robust = withRetry(withTimeout(oneRequest, 1_000), {
          retries,
          minTimeout: 5,
          maxTimeout: 50,
          randomize: true,
          random,
          onRetry: () => void (outcome.retried += 1),
        });
        let next = 0;
        const lane = async (): Promise<void> => {
          while (next < count) {
            next += 1;
            try {
              await robust(AbortSignal.timeout(30_000));
              outcome.ok += 1;
            } catch (error) {
              if (error instanceof RetryExhaustedError) outcome.exhausted += 1;
              else outcome.other.push(String(error));
            }
            // The pool is never over its bound, whatever the faults do.
            const stats = pool.stats();
            if (stats.size > max) outcome.other.push(`pool size ${stats.size} > ${max}`);
          }
        };
        await Promise.all(Array.from({ length: 12 }, lane));
        return outcome;
      };

      try {
        const healthy = await perf.time(() => traffic(200, 0));
        perf.count('healthyRequests', healthy.ok);

        proxy.setFaults({ resetRate: 0.05 });
        const resets = await perf.time(() => traffic(400, 8));
        const resetsSeen = proxy.stats().resets;
        perf.count('requestsUnderResets', resets.ok);

        proxy.setFaults({ partition: 'reject' });
        const partition = await perf.time(() => traffic(40, 2));
        const duringPartition = pool.stats();

        proxy.setFaults({});
        const healed = await perf.time(() => traffic(200, 2));
        perf.count('healthyRequests', healed.ok);
        perf.addItems(healthy.ok + resets.ok + healed.ok);

        const stats = pool.stats();
        await attachJson('chaos-03-pool.json', {
          seed,
          healthy,
          resets,
          resetsSeen,
          partition,
          healed,
          duringPartition,
          pool: stats,
          proxy: proxy.stats(),
          leaks,
        });

        expect(healthy).toEqual({ ok: 200, exhausted: 0, retried: 0, other: [] });
        // Resets really happened and cost attempts, yet every request got its own answer through retries.
        expect(resetsSeen).toBeGreaterThan(0);
        expect(resets.retried).toBeGreaterThan(0);
        expect(resets).toMatchObject({ ok: 400, exhausted: 0, other: [] });
        // A rejecting partition fails every request within its retry budget, and leaves no lease out.
        expect(partition).toMatchObject({ ok: 0, exhausted: 40, other: [] });
        expect(duringPartition.borrowed).toBe(0);
        // Healed: everything answers again.
        expect(healed).toMatchObject({ ok: 200, exhausted: 0, other: [] });
        // No leak: nothing borrowed or waiting, never above max, no lease held past the threshold.
        expect(stats).toMatchObject({ borrowed: 0, pending: 0 });
        expect(stats.highWater).toBeLessThanOrEqual(max);
        expect(leaks).toEqual([]);
      } finally {
        const drained = await pool.drain({ timeoutMs: 5_000 });
        const final = pool.stats();
        expect(drained.revoked).toEqual([]);
        expect(final.created).toBe(final.destroyed);
        await expect.poll(() => proxy.stats().connectionsOpen, { timeout: 10_000 }).toBe(0);
        await expect.poll(() => service.stats().connectionsOpen, { timeout: 10_000 }).toBe(0);
        await proxy.close();
        await service.close();
      }
    },
  );
});
