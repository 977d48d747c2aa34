import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBdvStream, createAccStream, createDdeStream, runValidationStreams, type CoordinatorReport, type DdeDetails, type BdvDetails, type AccDetails } from '../engines/coordinator/index.js';
import { createFeatureSet, createStepRegistry, detectFlakes, emptyQuarantine, flakeRate, quarantinedKeys } from '../engines/bdv/index.js';
import { FileContextStore, WorkflowExecutor, type WorkflowResult } from '../engines/dag/index.js';
import { withChaos, startChaosProxy, type ChaosTask } from '../harness/chaos/index.js';
import { expect, test, type StressSeverity } from '../harness/index.js';
import {
  faultPlanFor, findDependencyOrderViolations, generateFanOutFanInDag, generateLayeredDag, predictNodeStatuses, writeFeatureSuite,
  writeLayeredCodebase, type DagShape, type FaultPlan,
} from '../harness/loads/index.js';
import { startLoopbackService } from '../harness/net/index.js';
import { createSocketPool, type LineConnection } from '../harness/pools/index.js';
import { RetryExhaustedError, createSeededRandom, withRetry, withTimeout, type Task } from '../harness/resilience/index.js';
import { LAYERED_CODEBASE_RULES_YAML, buildDagWorkload, createDagEventLog, registerVocabularySteps, type DagWorkload } from '../harness/workloads/index.js';
import type { HeldLease, Pool } from '../engines/sync/index.js';
import { buildCrashWorkload, CRASH_NODES } from './chaos/crash-workload.js';
import { expectedAttempts } from './chaos/expected-attempts.js';
import { runAndKill } from './chaos/kill-child.js';
import { buildServiceWorkflow } from './chaos/service-workflow.js';

const TAGS = ['@chaos', '@e2e'];

/** One describe block per chaos spec: Playwright sets `stressMeta` per block, and the CHAOS id is not an E2E-1xx. */
function describeChaos(id: string, feature: string, severity: StressSeverity, body: () => void): void {
  test.describe(feature, () => {
    test.use({ stressMeta: { category: 'Reliability', feature: `Chaos: ${feature}`, severity, id } });
    body();
  });
}

async function attachJson(name: string, value: unknown): Promise<void> {
  await test.info().attach(name, { contentType: 'application/json', body: JSON.stringify(value, null, 2) });
}

describeChaos('CHAOS-01', 'Workflows under random faults', 'critical', () => {
  test('CHAOS-01: workflows under random faults all end terminal, lose no completed work and retry within budget', { tag: TAGS }, async ({ perf, seed, workspace }) => {
    const retries = 2;
    const maxAttempts = retries + 1;
    // Long enough that only planned hangs time out on a loaded 2-core box (planned latency is at most 50 ms).
    const timeoutMs = 1_500;
    const shapes: DagShape[] = Array.from({ length: 10 }, (_, i) =>
      i % 2 === 0
        ? generateLayeredDag({ nodes: 36, layers: 6, maxDependencies: 3, seed: seed + i })
        : generateFanOutFanInDag({ stages: 3, width: 8, minWidth: 3, seed: seed + i }),
    );
    const plans: FaultPlan[] = shapes.map((shape, i) =>
      faultPlanFor(
        shape,
        { failureRate: 0.3, hangRate: 0.05, maxFailuresPerNode: 3, hangMode: i % 2 === 0 ? 'every-attempt' : 'first-attempt', latencyWeights: { slow: 0 } },
        seed + 1_000 + i,
      ),
    );
    const totalNodes = shapes.reduce((sum, shape) => sum + shape.length, 0);
    perf.setBudgets({ maxDurationMs: 120_000, maxErrorRate: 0, minCounters: { workflowsTerminal: shapes.length, nodesVerified: totalNodes } });

    const retry = { retries, initialDelayMs: 5, factor: 2, maxDelayMs: 40, jitter: 0.5 };
    const workloads: DagWorkload[] = shapes.map((shape, i) =>
      buildDagWorkload(shape, { workflowId: `chaos-${i}`, faults: plans[i] as FaultPlan, retry, timeoutMs }),
    );
    const store = new FileContextStore({ directory: join(workspace, 'store') });
    const executor = new WorkflowExecutor({ concurrency: 32, store, seed });
    const log = createDagEventLog();
    // Bounded in time whatever the engine does: a run that never ends is cancelled and then fails the checks.
    const guard = AbortSignal.timeout(90_000);
    const results: WorkflowResult[] = await perf.time(() =>
      Promise.all(workloads.map((w, i) => executor.run(w.definition, { executionId: `chaos-exec-${i}`, onEvent: log.listener, signal: guard }))),
    );

    const problems: string[] = [];
    let predictedFailed = 0;
    let retriedThenCompleted = 0;
    for (const [i, result] of results.entries()) {
      const shape = shapes[i] as DagShape;
      const plan = plans[i] as FaultPlan;
      const workload = workloads[i] as DagWorkload;
      const predicted = predictNodeStatuses(shape, plan, { maxAttempts });
      const expectFailed = Object.values(predicted).some((status) => status !== 'COMPLETED');
      if (result.status === 'COMPLETED' || result.status === 'FAILED') perf.count('workflowsTerminal');
      else problems.push(`${result.executionId}: not terminal (${result.status})`);
      if (result.status !== (expectFailed ? 'FAILED' : 'COMPLETED')) problems.push(`${result.executionId}: ${result.status}, the plan says ${expectFailed ? 'FAILED' : 'COMPLETED'}`);

      const events = log.events.filter((event) => event.executionId === result.executionId);
      const starts = events.filter((event) => event.type === 'WORKFLOW_STARTED').length;
      const ends = events.filter((event) => event.type === 'WORKFLOW_COMPLETED' || event.type === 'WORKFLOW_FAILED' || event.type === 'WORKFLOW_CANCELLED').length;
      if (starts !== 1 || ends !== 1) problems.push(`${result.executionId}: ${starts} start and ${ends} end events`);
      for (const violation of findDependencyOrderViolations(shape, log.runEvents(result.executionId))) problems.push(`${result.executionId}: ${JSON.stringify(violation)}`);

      const snapshot = await store.load(result.executionId);
      if (snapshot?.status !== result.status) problems.push(`${result.executionId}: stored status ${String(snapshot?.status)} != ${result.status}`);
      for (const node of result.nodes) {
        const fault = plan.nodes[node.id];
        const attempts = workload.attempts.filter((attempt) => attempt.nodeId === node.id);
        const want = predicted[node.id];
        let ok = node.status === want;
        if (!ok) problems.push(`${result.executionId}/${node.id}: ${node.status}, predicted ${String(want)}`);
        if (want === 'BLOCKED') {
          if (attempts.length > 0) problems.push(`${result.executionId}/${node.id}: blocked yet ran ${attempts.length} times`);
        } else {
          // Retries bounded: exactly as many attempts as the plan needs, never more than the policy allows.
          const needed = expectedAttempts(fault, maxAttempts);
          if (attempts.length !== needed || node.attempts !== needed) {
            ok = false;
            problems.push(`${result.executionId}/${node.id}: ${attempts.length} executor entries, engine says ${node.attempts}, plan needs ${needed}`);
          }
        }
        for (const attempt of attempts) {
          if (attempt.endedAt === undefined) problems.push(`${result.executionId}/${node.id}#${attempt.attempt}: attempt never ended`);
          if (attempt.planned === 'hang') {
            if (attempt.aborted) perf.count('hangsReleased');
            else problems.push(`${result.executionId}/${node.id}#${attempt.attempt}: hang not released by its timeout`);
          }
        }
        perf.count('attempts', attempts.length);
        if (node.status === 'COMPLETED') {
          // No completed work lost: the right output, in the result and in the durable store.
          if (node.output !== workload.expectedOutputs[node.id]) {
            ok = false;
            problems.push(`${result.executionId}/${node.id}: wrong output`);
          }
          const stored = snapshot?.nodes[node.id];
          if (stored?.status !== 'COMPLETED' || stored.output !== node.output) {
            ok = false;
            problems.push(`${result.executionId}/${node.id}: completed but not stored`);
          }
          if (attempts.length > 1) retriedThenCompleted += 1;
        }
        if (want === 'FAILED') predictedFailed += 1;
        if (ok) perf.count('nodesVerified');
        else perf.recordError(new Error(`${result.executionId}/${node.id}`));
        perf.addItems();
      }
    }

    // The failed executions, resumed once the faults are gone: completed work is kept, the rest finishes.
    let resumedNodes = 0;
    for (const [i, result] of results.entries()) {
      if (result.status !== 'FAILED') continue;
      const healthy = buildDagWorkload(shapes[i] as DagShape, { workflowId: `chaos-${i}` });
      const handle = await executor.resume(healthy.definition, result.executionId, { signal: guard });
      const resumed = await handle.result;
      const completedBefore = new Set(result.nodes.filter((node) => node.status === 'COMPLETED').map((node) => node.id));
      const rerun = healthy.attempts.filter((attempt) => completedBefore.has(attempt.nodeId)).map((attempt) => attempt.nodeId);
      if (resumed.status !== 'COMPLETED') problems.push(`${result.executionId}: resume ended ${resumed.status}`);
      if (rerun.length > 0) problems.push(`${result.executionId}: resume re-ran completed nodes ${rerun.join(', ')}`);
      for (const node of resumed.nodes) {
        if (node.status !== 'COMPLETED' || node.output !== healthy.expectedOutputs[node.id]) problems.push(`${result.executionId}/${node.id}: after resume ${node.status}`);
      }
      resumedNodes += healthy.attempts.length;
    }
    perf.count('resumedNodes', resumedNodes);
    perf.count('retriedThenCompleted', retriedThenCompleted);
    perf.count('predictedFailed', predictedFailed);

    await attachJson('chaos-01-outcome.json', {
      seed,
      workflows: results.map((result) => ({ executionId: result.executionId, status: result.status, counts: result.counts })),
      attempts: perf.snapshot().counters,
      problems,
    });
    expect(problems).toEqual([]);
    // The faults really bit: some nodes failed for good, some recovered through retries, hangs were cut.
    expect(predictedFailed).toBeGreaterThan(0);
    expect(retriedThenCompleted).toBeGreaterThan(0);
    expect(perf.snapshot().counters['hangsReleased'] ?? 0).toBeGreaterThan(0);
    expect(resumedNodes).toBeGreaterThan(0);
  });
});

describeChaos('CHAOS-02', 'Coordinator under a partition', 'critical', () => {
  test('CHAOS-02: a partition of the DDE stream\'s service fails DDE alone; BDV and ACC are unaffected and DDE recovers when it heals', { tag: TAGS }, async ({ perf, seed, workspace }) => {
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
      const runPhase = async (label: string): Promise<{ report: Report; outputs: Record<string, unknown>; expected: Readonly<Record<string, string>> }> => {
        const workflow = buildServiceWorkflow(shape, { workflowId: `svc-${label}`, pool, requestTimeoutMs: 500, retry: { retries: 1, initialDelayMs: 20 } });
        const report = await runValidationStreams(
          {
            DDE: createDdeStream({ workflow: workflow.definition, concurrency: 4 }),
            BDV: createBdvStream({ paths: [suite.root], registry: registerVocabularySteps().registry }),
            ACC: createAccStream({ root: code.root, rules: rulesFile }),
          },
          { runId: `chaos-02-${label}-${seed}`, workspaceRoot: join(workspace, 'coordinator'), keepWorkspaces: true, timeoutMs: { DDE: 30_000, BDV: 60_000, ACC: 60_000 } },
        );
        perf.count('coordinatorRuns');
        const dde = report.streams.DDE;
        const outputs: Record<string, unknown> = {};
        if (dde.details !== undefined) {
          const snapshot = await new FileContextStore({ directory: dde.details.storeDirectory }).load(dde.details.executionId);
          for (const [id, node] of Object.entries(snapshot?.nodes ?? {})) if (node.status === 'COMPLETED') outputs[id] = node.output;
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
        streams: Object.fromEntries(Object.entries(report.streams).map(([name, r]) => [name, { status: r.status, summary: r.summary, durationMs: r.durationMs, ...(r.status === 'failed' ? { reason: r.reason } : {}) }])),
      });
      await attachJson('chaos-02-phases.json', {
        seed,
        baseline: summary(baseline.report),
        partition: { ...summary(partitioned.report), ddeFailures: partitioned.report.streams.DDE.details?.failures, servedDuringPartition, bytesDropped: dropped },
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
      expect(partitioned.report.streams.ACC.details?.filesScanned).toBe(baseline.report.streams.ACC.details?.filesScanned);
      expect(partitioned.report.streams.ACC.details?.violationCount).toBe(baseline.report.streams.ACC.details?.violationCount);

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
  });
});

describeChaos('CHAOS-03', 'Pool under connection resets', 'critical', () => {
  test('CHAOS-03: the socket pool survives connection resets and a partition without leaking, and recovers when it heals', { tag: TAGS }, async ({ perf, seed }) => {
    perf.setBudgets({ maxDurationMs: 120_000, maxErrorRate: 0, minCounters: { healthyRequests: 400, requestsUnderResets: 400 } });
    const max = 6;
    const leaks: HeldLease[] = [];
    const service = await startLoopbackService();
    const random = createSeededRandom(seed);
    const proxy = await startChaosProxy({ target: service, random });
    const pool: Pool<LineConnection> = createSocketPool({
      port: proxy.port, max, acquireTimeoutMs: 5_000, connectTimeoutMs: 1_000, leakThresholdMs: 10_000, onLeak: (leak) => leaks.push(leak),
    });
    let requestNo = 0;
    const oneRequest: Task<string> = async (signal) => {
      const line = `REQ ${++requestNo}`;
      const reply = await pool.use((connection) => connection.request(line, { signal }), { signal });
      if (reply !== line) throw new Error(`sent "${line}", got "${reply}"`);
      return reply;
    };
    /** `count` requests, `parallel` at a time, each retried under `retries`; resolves with how each ended. */
    const traffic = async (count: number, retries: number): Promise<{ ok: number; exhausted: number; retried: number; other: string[] }> => {
      const outcome = { ok: 0, exhausted: 0, retried: 0, other: [] as string[] };
      const robust = withRetry(withTimeout(oneRequest, 1_000), { retries, minTimeout: 5, maxTimeout: 50, randomize: true, random, onRetry: () => void (outcome.retried += 1) });
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
      await attachJson('chaos-03-pool.json', { seed, healthy, resets, resetsSeen, partition, healed, duringPartition, pool: stats, proxy: proxy.stats(), leaks });

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
  });
});

describeChaos('CHAOS-04', 'Flake detection under injected faults', 'normal', () => {
  test('CHAOS-04: the BDV flake detector classifies injected flaky, always-failing and stable steps', { tag: TAGS }, async ({ perf, seed }) => {
    const runs = 40;
    const flakyRates = [20, 35, 50];
    perf.setBudgets({ maxDurationMs: 60_000, minCounters: { scenarioRuns: runs * (flakyRates.length + 2) } });
    const remote: Task<string> = () => Promise.resolve('PONG');
    const injectors = new Map<number, ChaosTask<string>>();
    const injectorFor = (percent: number): ChaosTask<string> => {
      let task = injectors.get(percent);
      if (task === undefined) {
        // One seeded source per injector: its fault sequence does not depend on how scenarios interleave.
        task = withChaos(remote, { errorRate: percent / 100 }, createSeededRandom(seed + percent));
        injectors.set(percent, task);
      }
      return task;
    };
    const registry = createStepRegistry();
    registry.api.Given('a remote call that fails {int}% of the time', async (percent: number) => {
      perf.count('scenarioRuns');
      const reply = await injectorFor(percent)(AbortSignal.timeout(5_000));
      if (reply !== 'PONG') throw new Error(`unexpected reply ${reply}`);
    });
    const feature = [
      'Feature: Flaky remotes',
      '  Scenario: stable remote',
      '    Given a remote call that fails 0% of the time',
      ...flakyRates.flatMap((rate) => [`  Scenario: flaky remote ${rate}`, `    Given a remote call that fails ${rate}% of the time`]),
      '  Scenario: broken remote',
      '    Given a remote call that fails 100% of the time',
      '',
    ].join('\n');
    const features = createFeatureSet({ 'chaos/flaky.feature': feature });

    const flakes = await perf.time(() => detectFlakes(features, { registry, runs, quarantine: emptyQuarantine() }));
    const byName = new Map(flakes.verdicts.map((verdict) => [verdict.name, verdict]));
    await attachJson('chaos-04-flakes.json', {
      seed,
      runs,
      verdicts: flakes.verdicts.map(({ name, passed, passRate, flakeRate: rate, classification }) => ({ name, passed, passRate, flakeRate: rate, classification })),
      injected: Object.fromEntries([...injectors].map(([percent, task]) => [percent, task.stats()])),
    });

    expect(flakes.verdicts).toHaveLength(flakyRates.length + 2);
    expect(byName.get('stable remote')).toMatchObject({ classification: 'STABLE', passed: runs });
    expect(byName.get('broken remote')).toMatchObject({ classification: 'CONSISTENTLY_FAILING', passed: 0 });
    for (const rate of flakyRates) {
      const verdict = byName.get(`flaky remote ${rate}`);
      const injected = injectorFor(rate).stats();
      // The detector counted exactly the failures the injector caused...
      expect(injected.calls).toBe(runs);
      expect(verdict?.passed).toBe(runs - injected.errors);
      expect(verdict?.classification).toBe('FLAKY');
      expect(verdict?.flakeRate).toBeCloseTo(flakeRate((runs - injected.errors) / runs), 10);
      // ...and the injector failed at its configured rate (within 4.5 binomial standard deviations).
      const p = rate / 100;
      expect(Math.abs(injected.errors / runs - p)).toBeLessThanOrEqual(4.5 * Math.sqrt((p * (1 - p)) / runs));
      perf.addItems();
    }
    expect(flakes.counts).toEqual({ STABLE: 1, FLAKY: flakyRates.length, CONSISTENTLY_FAILING: 1, QUARANTINED: 0 });
    expect([...quarantinedKeys(flakes.quarantine)].sort()).toEqual(flakyRates.map((rate) => byName.get(`flaky remote ${rate}`)?.key).sort());
  });
});

describeChaos('CHAOS-05', 'Crash and resume', 'critical', () => {
  test('CHAOS-05: a workflow process killed mid-run (SIGKILL) resumes from the file store without re-running completed nodes', { tag: TAGS }, async ({ perf, seed, workspace }) => {
    perf.setBudgets({ maxDurationMs: 120_000, maxErrorRate: 0, minCounters: { nodesAccountedFor: CRASH_NODES } });
    const killAfter = 1 + Math.floor(createSeededRandom(seed)() * (CRASH_NODES - 16));
    const storeDir = join(workspace, 'store');
    const logFile = join(workspace, 'completed.log');
    const executionId = `crash-${seed}`;
    const script = fileURLToPath(new URL('./chaos/crash-child.ts', import.meta.url));
    const projectRoot = fileURLToPath(new URL('..', import.meta.url));

    const child = await perf.time(() =>
      runAndKill({ script, args: [storeDir, executionId, logFile, String(seed)], cwd: projectRoot, killAfterCompletions: killAfter, signal: AbortSignal.timeout(60_000) }),
    );
    const completedBeforeKill = new Set(
      (await readFile(logFile, 'utf8'))
        .split('\n')
        .filter((line) => line.startsWith('completed '))
        .map((line) => line.slice('completed '.length)),
    );

    const { workload } = buildCrashWorkload(seed);
    const store = new FileContextStore({ directory: storeDir });
    const before = await store.load(executionId);
    const handle = await new WorkflowExecutor({ store, workflowConcurrency: 4 }).resume(workload.definition, executionId, { signal: AbortSignal.timeout(60_000) });
    const result = await perf.time(() => handle.result);
    const rerun = workload.attempts.map((attempt) => attempt.nodeId);
    const restored = result.nodes.filter((node) => node.status === 'COMPLETED' && node.restored).map((node) => node.id);
    const wrong = result.nodes.filter((node) => node.status !== 'COMPLETED' || node.output !== workload.expectedOutputs[node.id]).map((node) => node.id);
    perf.count('nodesAccountedFor', new Set([...restored, ...rerun]).size);
    perf.count('nodesRestored', restored.length);
    perf.count('nodesRerun', rerun.length);
    perf.addItems(result.nodes.length - wrong.length);
    for (const id of wrong) perf.recordError(new Error(`node ${id}: wrong or missing output after resume`));
    await attachJson('chaos-05-resume.json', {
      seed,
      killAfter,
      completionsAtKill: child.completionsAtKill,
      completedBeforeKill: completedBeforeKill.size,
      storedStatusAtKill: before?.status,
      restored: restored.length,
      rerun: rerun.length,
      status: result.status,
    });

    // Killed mid-run: it had finished some nodes, not all, and never reached its end.
    expect(child.signal).toBe('SIGKILL');
    expect(child.stdout).not.toContain('finished');
    expect(completedBeforeKill.size).toBeGreaterThanOrEqual(killAfter);
    expect(completedBeforeKill.size).toBeLessThan(CRASH_NODES);
    expect(before?.status).toBe('RUNNING');

    // Resumed: every node completed exactly once overall, none that completed before the kill ran again.
    expect(result.status).toBe('COMPLETED');
    expect(result.resumed).toBe(true);
    expect(rerun.filter((id) => completedBeforeKill.has(id))).toEqual([]);
    expect(new Set(rerun).size).toBe(rerun.length);
    expect(restored.length + rerun.length).toBe(CRASH_NODES);
    for (const id of completedBeforeKill) expect(restored, `node ${id} completed before the kill`).toContain(id);
    expect(wrong).toEqual([]);
    expect((await store.load(executionId))?.status).toBe('COMPLETED');
  });
});
