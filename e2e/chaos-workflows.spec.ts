/**
 * Chaos specs of the workflow engine: random node faults (CHAOS-01) and a process killed mid-run that resumes
 * from the file store (CHAOS-05).
 * Run them alone with `npx playwright test --grep @chaos`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileContextStore, WorkflowExecutor, type WorkflowResult } from '../engines/dag/index.js';
import { expect, test } from '../harness/index.js';
import {
  faultPlanFor,
  findDependencyOrderViolations,
  generateFanOutFanInDag,
  generateLayeredDag,
  predictNodeStatuses,
  type DagShape,
  type FaultPlan,
} from '../harness/generators/index.js';
import { createSeededRandom } from '../harness/resilience/index.js';
import { buildDagWorkload, createDagEventLog, type DagWorkload } from '../harness/engine-workloads/index.js';
import { attachJson } from './support/attach-json.js';
import { TAGS, describeChaos } from './chaos/describe-chaos.js';
import { buildCrashWorkload, CRASH_NODES } from './chaos/crash-workload.js';
import { expectedAttempts } from './chaos/expected-attempts.js';
import { runAndKill } from './chaos/kill-child.js';

describeChaos('CHAOS-01', 'Workflows under random faults', 'critical', () => {
  test(
    'CHAOS-01: workflows under random faults all end terminal, lose no completed work and retry within budget',
    { tag: TAGS },
    async ({ perf, seed, workspace }) => {
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
          {
            failureRate: 0.3,
            hangRate: 0.05,
            maxFailuresPerNode: 3,
            hangMode: i % 2 === 0 ? 'every-attempt' : 'first-attempt',
            latencyWeights: { slow: 0 },
          },
          seed + 1_000 + i,
        ),
      );
      const totalNodes = shapes.reduce((sum, shape) => sum + shape.length, 0);
      perf.setBudgets({
        maxDurationMs: 120_000,
        maxErrorRate: 0,
        minCounters: { workflowsTerminal: shapes.length, nodesVerified: totalNodes },
      });

      const retry = { retries, minTimeout: 5, factor: 2, maxTimeout: 40, randomize: true };
      const workloads: DagWorkload[] = shapes.map((shape, i) =>
        buildDagWorkload(shape, { workflowId: `chaos-${i}`, faults: plans[i] as FaultPlan, retry, timeoutMs }),
      );
      const store = new FileContextStore({ directory: join(workspace, 'store') });
      const executor = new WorkflowExecutor({ concurrency: 32, store, seed });
      const log = createDagEventLog();
      // Bounded in time whatever the engine does: a run that never ends is cancelled and then fails the checks.
      const guard = AbortSignal.timeout(90_000);
      const results: WorkflowResult[] = await perf.time(() =>
        Promise.all(
          workloads.map((w, i) =>
            executor.run(w.definition, { executionId: `chaos-exec-${i}`, onEvent: log.listener, signal: guard }),
          ),
        ),
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
        if (result.status !== (expectFailed ? 'FAILED' : 'COMPLETED'))
          problems.push(
            `${result.executionId}: ${result.status}, the plan says ${expectFailed ? 'FAILED' : 'COMPLETED'}`,
          );

        const events = log.events.filter((event) => event.executionId === result.executionId);
        const starts = events.filter((event) => event.type === 'WORKFLOW_STARTED').length;
        const ends = events.filter(
          (event) =>
            event.type === 'WORKFLOW_COMPLETED' ||
            event.type === 'WORKFLOW_FAILED' ||
            event.type === 'WORKFLOW_CANCELLED',
        ).length;
        if (starts !== 1 || ends !== 1) problems.push(`${result.executionId}: ${starts} start and ${ends} end events`);
        for (const violation of findDependencyOrderViolations(shape, log.runEvents(result.executionId)))
          problems.push(`${result.executionId}: ${JSON.stringify(violation)}`);

        const snapshot = await store.load(result.executionId);
        if (snapshot?.status !== result.status)
          problems.push(`${result.executionId}: stored status ${String(snapshot?.status)} != ${result.status}`);
        for (const node of result.nodes) {
          const fault = plan.nodes[node.id];
          const attempts = workload.attempts.filter((attempt) => attempt.nodeId === node.id);
          const want = predicted[node.id];
          let ok = node.status === want;
          if (!ok) problems.push(`${result.executionId}/${node.id}: ${node.status}, predicted ${String(want)}`);
          if (want === 'BLOCKED') {
            if (attempts.length > 0)
              problems.push(`${result.executionId}/${node.id}: blocked yet ran ${attempts.length} times`);
          } else {
            // Retries bounded: exactly as many attempts as the plan needs, never more than the policy allows.
            const needed = expectedAttempts(fault, maxAttempts);
            if (attempts.length !== needed || node.attempts !== needed) {
              ok = false;
              problems.push(
                `${result.executionId}/${node.id}: ${attempts.length} executor entries, engine says ${node.attempts}, plan needs ${needed}`,
              );
            }
          }
          for (const attempt of attempts) {
            if (attempt.endedAt === undefined)
              problems.push(`${result.executionId}/${node.id}#${attempt.attempt}: attempt never ended`);
            if (attempt.planned === 'hang') {
              if (attempt.aborted) perf.count('hangsReleased');
              else
                problems.push(`${result.executionId}/${node.id}#${attempt.attempt}: hang not released by its timeout`);
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
        const completedBefore = new Set(
          result.nodes.filter((node) => node.status === 'COMPLETED').map((node) => node.id),
        );
        const rerun = healthy.attempts
          .filter((attempt) => completedBefore.has(attempt.nodeId))
          .map((attempt) => attempt.nodeId);
        if (resumed.status !== 'COMPLETED') problems.push(`${result.executionId}: resume ended ${resumed.status}`);
        if (rerun.length > 0) problems.push(`${result.executionId}: resume re-ran completed nodes ${rerun.join(', ')}`);
        for (const node of resumed.nodes) {
          if (node.status !== 'COMPLETED' || node.output !== healthy.expectedOutputs[node.id])
            problems.push(`${result.executionId}/${node.id}: after resume ${node.status}`);
        }
        resumedNodes += healthy.attempts.length;
      }
      perf.count('resumedNodes', resumedNodes);
      perf.count('retriedThenCompleted', retriedThenCompleted);
      perf.count('predictedFailed', predictedFailed);

      await attachJson('chaos-01-outcome.json', {
        seed,
        workflows: results.map((result) => ({
          executionId: result.executionId,
          status: result.status,
          counts: result.counts,
        })),
        attempts: perf.snapshot().counters,
        problems,
      });
      expect(problems).toEqual([]);
      // The faults really bit: some nodes failed for good, some recovered through retries, hangs were cut.
      expect(predictedFailed).toBeGreaterThan(0);
      expect(retriedThenCompleted).toBeGreaterThan(0);
      expect(perf.snapshot().counters['hangsReleased'] ?? 0).toBeGreaterThan(0);
      expect(resumedNodes).toBeGreaterThan(0);
    },
  );
});

describeChaos('CHAOS-05', 'Crash and resume', 'critical', () => {
  test(
    'CHAOS-05: a workflow process killed mid-run (SIGKILL) resumes from the file store without re-running completed nodes',
    { tag: TAGS },
    async ({ perf, seed, workspace }) => {
      perf.setBudgets({ maxDurationMs: 120_000, maxErrorRate: 0, minCounters: { nodesAccountedFor: CRASH_NODES } });
      const killAfter = 1 + Math.floor(createSeededRandom(seed)() * (CRASH_NODES - 16));
      const storeDir = join(workspace, 'store');
      const logFile = join(workspace, 'completed.log');
      const executionId = `crash-${seed}`;
      const script = fileURLToPath(new URL('./chaos/crash-child.ts', import.meta.url));
      const projectRoot = fileURLToPath(new URL('..', import.meta.url));

      const child = await perf.time(() =>
        runAndKill({
          script,
          args: [storeDir, executionId, logFile, String(seed)],
          cwd: projectRoot,
          killAfterCompletions: killAfter,
          signal: AbortSignal.timeout(60_000),
        }),
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
      const handle = await new WorkflowExecutor({ store, workflowConcurrency: 4 }).resume(
        workload.definition,
        executionId,
        { signal: AbortSignal.timeout(60_000) },
      );
      const result = await perf.time(() => handle.result);
      const rerun = workload.attempts.map((attempt) => attempt.nodeId);
      const restored = result.nodes
        .filter((node) => node.status === 'COMPLETED' && node.restored)
        .map((node) => node.id);
      const wrong = result.nodes
        .filter((node) => node.status !== 'COMPLETED' || node.output !== workload.expectedOutputs[node.id])
        .map((node) => node.id);
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
    },
  );
});
