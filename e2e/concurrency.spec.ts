import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { parseArchitectureRules } from '../engines/acc/index.js';
import {
  createAccStream,
  createBdvStream,
  createDdeStream,
  runValidationStreams,
  type AccDetails,
  type ValidationStream,
} from '../engines/coordinator/index.js';
import {
  DeadlockError,
  LockAbortedError,
  createLockManager,
  describeDeadlock,
  type DeadlockCycle,
  type LockGrantEvent,
} from '../engines/sync/index.js';
import { expect, scaled, test } from '../harness/index.js';
import {
  createSeededRandom,
  faultPlanFor,
  generateFanOutFanInDag,
  writeFeatureSuite,
  writeLayeredCodebase,
} from '../harness/generators/index.js';
import {
  LAYERED_CODEBASE_RULES_YAML,
  buildDagWorkload,
  createSharedLedger,
  incrementUnderLock,
  registerVocabularySteps,
} from '../harness/engine-workloads/index.js';
import { attachJson } from './support/attach-json.js';
import { checkProperty } from './support/check-property.js';
import { describeFeature } from './support/stress-feature.js';

const TAGS = ['@e2e', '@performance', '@concurrency'];
const SEED_BUDGETS = { maxDurationMs: 5 * 60_000, maxPeakRssMb: 1024 } as const;
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describeFeature('Concurrency', 'Parallel stream execution', 'critical', () => {
  test(
    'E2E-104: DDE, BDV and ACC streams run in parallel and keep a shared ledger exact under the lock manager',
    { tag: TAGS },
    async ({ perf, seed, scale, workspace }) => {
      const shape = generateFanOutFanInDag({ stages: 3, width: 8, minWidth: 3, seed });
      const suite = await writeFeatureSuite(join(workspace, 'features'), { scenarios: scaled(100, scale), seed });
      const code = await writeLayeredCodebase(join(workspace, 'code'), {
        files: Math.max(16, scaled(200, scale)),
        seed,
      });
      const expected = { DDE: shape.length, BDV: suite.pickles, ACC: code.sourceFiles.length };
      const total = expected.DDE + expected.BDV + expected.ACC;
      perf.setBudgets({
        ...SEED_BUDGETS,
        maxErrorRate: 0,
        minCounters: { ledgerWrites: total, lockAcquisitions: total, ddeDigestsVerified: shape.length },
      });

      // The shared resource: one ledger every stream updates with read-yield-write, which loses updates the moment
      // two writers interleave. Only the lock manager keeps the final count equal to the number of writes.
      const ledger = createSharedLedger();
      const locks = createLockManager({ defaultTimeoutMs: 60_000 });
      const faults = faultPlanFor(
        shape,
        {
          failureRate: 0,
          hangRate: 0,
          maxFailuresPerNode: 0,
          latencyWeights: { instant: 1, fast: 3, medium: 1, slow: 0 },
        },
        seed,
      );
      let workload: ReturnType<typeof buildDagWorkload> | undefined;
      const dde = createDdeStream({
        workflow: () => {
          workload = buildDagWorkload(shape, {
            workflowId: 'dde-shared-ledger',
            faults,
            afterNode: async (nodeId, output) => {
              if (output === workload?.expectedOutputs[nodeId]) perf.count('ddeDigestsVerified');
              else perf.recordError(new Error(`DDE node ${nodeId} output ${output}`));
              await incrementUnderLock(ledger, locks, `dde:${nodeId}`, 'DDE');
            },
          });
          return workload.definition;
        },
      });
      const steps = registerVocabularySteps({
        afterScenario: (_world, scenario) => incrementUnderLock(ledger, locks, `bdv:${scenario.pickleId}`, 'BDV'),
      });
      const bdv = createBdvStream({ paths: [suite.root], registry: steps.registry, concurrency: 8 });
      const accInner = createAccStream({ root: code.root, rules: parseArchitectureRules(LAYERED_CODEBASE_RULES_YAML) });
      // ACC publishes one finding per analysed file, all at once, as a results store would receive them.
      const acc: ValidationStream<AccDetails> = {
        name: 'ACC',
        async run(context) {
          const outcome = await accInner.run(context);
          await Promise.all(
            Array.from({ length: outcome.details.filesScanned }, (_, i) =>
              incrementUnderLock(ledger, locks, `acc:${i}`, 'ACC'),
            ),
          );
          return outcome;
        },
      };

      const report = await perf.time(() =>
        runValidationStreams({ DDE: dde, BDV: bdv, ACC: acc }, { workspaceRoot: join(workspace, 'coordinator') }),
      );
      const lockStats = locks.stats();
      perf.count('ledgerWrites', ledger.count);
      perf.count('lockAcquisitions', lockStats.granted);
      perf.addItems(ledger.count);

      await attachJson('parallel-streams.json', {
        verdict: report.verdict,
        streams: Object.fromEntries(
          Object.entries(report.streams).map(([name, r]) => [
            name,
            { status: r.status, summary: r.summary, durationMs: r.durationMs },
          ]),
        ),
        ledger: { count: ledger.count, expected: total, writesBy: ledger.writesBy, expectedBy: expected },
        lockStats,
        stepCalls: steps.invocations(),
      });
      expect(report.verdict).toBe('ALL_PASS');
      expect(report.streams.DDE.status === 'passed' && report.streams.DDE.details.counts.COMPLETED).toBe(shape.length);
      expect(report.streams.BDV.status === 'passed' && report.streams.BDV.details.counts.scenarios.passed).toBe(
        suite.pickles,
      );
      expect(report.streams.ACC.status === 'passed' && report.streams.ACC.details.filesScanned).toBe(
        code.sourceFiles.length,
      );
      expect(steps.invocations()).toBe(suite.steps);
      // The invariant a real race breaks: every write is in the count, per stream and in total.
      expect(ledger.writesBy).toEqual(expected);
      expect(ledger.count).toBe(total);
      expect(lockStats.granted).toBe(total);
      expect(lockStats.released).toBe(total);
      // The streams really overlapped: some writers had to wait for the lock.
      expect(lockStats.waits.maxMs).toBeGreaterThan(0);
    },
  );
});

describeFeature('Concurrency', 'Lock contention', 'critical', () => {
  test(
    'E2E-105: 100 tasks x 10 acquisitions under contention: mutual exclusion, FIFO fairness, wait times',
    { tag: TAGS },
    async ({ perf, seed, scale }) => {
      const tasks = scaled(100, scale);
      const perTask = 10;
      const resources = ['res-0', 'res-1', 'res-2', 'res-3'];
      const total = tasks * perTask;
      perf.setBudgets({
        ...SEED_BUDGETS,
        maxErrorRate: 0,
        minCounters: { lockAcquisitions: total, criticalSections: total, fifoGrants: total },
      });

      const random = createSeededRandom(seed);
      const plan = Array.from({ length: tasks }, () => Array.from({ length: perTask }, () => random.pick(resources)));

      // The same plan through a fresh lock manager in each of up to three rounds (at least one; no new round after 20 s),
      // so the regression verdict rests on the fastest of several; every round is checked below, not only the last.
      const rounds = await perf.repeat('contended acquisitions', { rounds: 3, maxMs: 20_000 }, async () => {
        const grants: LockGrantEvent[] = [];
        const locks = createLockManager({ onGrant: (event) => grants.push(event), defaultTimeoutMs: 60_000 });
        const inside = new Map<string, number>(resources.map((r) => [r, 0]));
        let exclusionViolations = 0;
        let criticalSections = 0;
        await Promise.all(
          plan.map(async (picks, task) => {
            for (const resource of picks) {
              const handle = await locks.acquire(`task-${task}`, resource);
              try {
                // A critical section that a second holder would notice: the occupancy count must stay 1 across a yield.
                const occupancy = (inside.get(resource) ?? 0) + 1;
                inside.set(resource, occupancy);
                if (occupancy !== 1) exclusionViolations++;
                createHash('sha256').update(`${task}:${resource}`).digest();
                await yieldToEventLoop();
                inside.set(resource, (inside.get(resource) ?? 1) - 1);
                criticalSections++;
              } finally {
                handle.release();
              }
            }
          }),
        );
        return { grants, locks, exclusionViolations, criticalSections };
      });
      const grantsOutOfOrder = (events: readonly LockGrantEvent[]): number => {
        const seen = new Map<string, number>();
        let late = 0;
        for (const g of events) {
          if ((seen.get(g.lock) ?? -1) > g.requestSeq) late++;
          seen.set(g.lock, g.requestSeq);
        }
        return late;
      };
      for (const round of rounds) {
        expect(round.exclusionViolations).toBe(0);
        expect(round.criticalSections).toBe(total);
        expect(round.grants).toHaveLength(total);
        expect(grantsOutOfOrder(round.grants)).toBe(0);
        expect(round.grants.filter((g) => g.waitedMs > 0).length).toBeGreaterThan(total / 2);
        expect(round.locks.stats()).toMatchObject({ granted: total, released: total, timeouts: 0, deadlocks: 0 });
        expect(round.locks.snapshot()).toEqual([]);
      }
      const { grants, locks, exclusionViolations, criticalSections } = rounds[0] as (typeof rounds)[number];
      perf.count('criticalSections', criticalSections);
      perf.addItems(criticalSections);

      // FIFO: per lock, grants go out in request order; a barging or unfair lock breaks this.
      const lastSeq = new Map<string, number>();
      let outOfOrder = 0;
      for (const g of grants) {
        if ((lastSeq.get(g.lock) ?? -1) > g.requestSeq) outOfOrder++;
        else perf.count('fifoGrants');
        lastSeq.set(g.lock, g.requestSeq);
        perf.recordLatency(g.waitedMs);
      }
      const waitByTask = new Map<string, number>();
      for (const g of grants) waitByTask.set(g.owner, (waitByTask.get(g.owner) ?? 0) + g.waitedMs);
      const waits = [...waitByTask.values()];
      const sum = waits.reduce((a, b) => a + b, 0);
      const sumSq = waits.reduce((a, b) => a + b * b, 0);
      const jain = sumSq === 0 ? 1 : (sum * sum) / (waits.length * sumSq);
      const stats = locks.stats();
      perf.count('lockAcquisitions', stats.granted);
      if (exclusionViolations > 0) perf.recordError(new Error(`${exclusionViolations} critical sections overlapped`));
      if (outOfOrder > 0) perf.recordError(new Error(`${outOfOrder} grants out of FIFO order`));

      await attachJson('lock-fairness.json', {
        tasks,
        acquisitionsPerTask: perTask,
        resources,
        grantsPerResource: Object.fromEntries(resources.map((r) => [r, grants.filter((g) => g.lock === r).length])),
        exclusionViolations,
        outOfOrderGrants: outOfOrder,
        waitStats: stats.waits,
        perTaskTotalWaitMs: { min: Math.min(...waits), max: Math.max(...waits), mean: sum / waits.length },
        jainFairnessIndexOfTaskWaits: jain,
        waitLatency: perf.snapshot().latency,
      });
      expect(exclusionViolations).toBe(0);
      expect(outOfOrder).toBe(0);
      expect(grants).toHaveLength(total);
      expect(stats).toMatchObject({ granted: total, released: total, timeouts: 0, aborts: 0, deadlocks: 0 });
      expect(locks.snapshot()).toEqual([]);
      // Contention was real: most grants had to queue behind another task.
      expect(grants.filter((g) => g.waitedMs > 0).length).toBeGreaterThan(total / 2);
    },
  );
});

describeFeature('Concurrency', 'Deadlock prevention', 'critical', () => {
  test(
    'E2E-106: ordered multi-lock acquisition never deadlocks; a lock-order cycle is detected, not hung on',
    { tag: TAGS },
    async ({ perf, seed, scale }) => {
      const tasks = scaled(50, scale);
      const names = ['accounts', 'inventory', 'orders', 'payments', 'shipping'];
      perf.setBudgets({
        ...SEED_BUDGETS,
        minCounters: { orderedTasksCompleted: tasks, cyclesDetected: 1, victimsRefused: 1 },
      });

      // Ordered case: each task wants 2-3 locks named in a random order; acquireAll takes them in the global order.
      const random = createSeededRandom(seed);
      const wants = Array.from({ length: tasks }, () => random.shuffle(names).slice(0, random.int(2, 3)));
      // The same wants through a fresh lock manager in each of up to three rounds (at least one; no new round after
      // 20 s), each checked: no overlap, no deadlock, all granted.
      const rounds = await perf.repeat('ordered acquisitions', { rounds: 3, maxMs: 20_000 }, async () => {
        const ordered = createLockManager({ defaultTimeoutMs: 60_000 });
        const holders = new Map<string, string>();
        let exclusionViolations = 0;
        let completed = 0;
        await Promise.all(
          wants.map((locks, task) =>
            ordered.withLocks(`task-${task}`, locks, async () => {
              for (const lock of locks) {
                if (holders.has(lock)) exclusionViolations++;
                holders.set(lock, `task-${task}`);
              }
              await yieldToEventLoop();
              for (const lock of locks) holders.delete(lock);
              completed++;
            }),
          ),
        );
        return { ordered, exclusionViolations, completed };
      });
      for (const round of rounds) {
        expect(round.exclusionViolations).toBe(0);
        expect(round.completed).toBe(tasks);
        expect(round.ordered.stats()).toMatchObject({ deadlocks: 0, timeouts: 0, granted: wants.flat().length });
      }
      const { ordered, completed } = rounds[0] as (typeof rounds)[number];
      perf.count('orderedTasksCompleted', completed);
      perf.addItems(completed);

      // Control case, over random rings of 2-5 tasks: each holds its own lock and then asks for its neighbour's.
      // Under 'detect' the detector reports the full cycle and the test breaks it through the waiters' signals;
      // a 10 s AbortSignal.timeout only bounds the test if detection never comes.
      const cycles: { ring: number; cycle: string; detectedAfterMs: number }[] = [];
      await checkProperty(
        fc.asyncProperty(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 0, max: 4 }), async (ring, rotation) => {
          const breaker = new AbortController();
          const detected: DeadlockCycle[] = [];
          const locks = createLockManager({
            deadlockPolicy: 'detect',
            onDeadlock: (cycle) => {
              detected.push(cycle);
              breaker.abort(new Error('deadlock detected'));
            },
          });
          const owners = Array.from({ length: ring }, (_, i) => `worker-${(i + rotation) % ring}`);
          const firsts = await Promise.all(owners.map((owner, i) => locks.acquire(owner, `lock-${i}`)));
          const started = performance.now();
          const bound = AbortSignal.any([breaker.signal, AbortSignal.timeout(10_000)]);
          const seconds = await Promise.allSettled(
            owners.map((owner, i) => locks.acquire(owner, `lock-${(i + 1) % ring}`, { signal: bound })),
          );
          const detectedAfterMs = performance.now() - started;
          for (const handle of firsts) handle.release();
          for (const s of seconds) if (s.status === 'fulfilled') s.value.release();
          const cycle = detected[0];
          cycles.push({ ring, cycle: cycle === undefined ? 'none' : describeDeadlock(cycle), detectedAfterMs });
          expect(detected).toHaveLength(1);
          expect([...(cycle?.owners ?? [])].sort()).toEqual([...owners].sort());
          for (const edge of cycle?.edges ?? []) expect(edge.holds).toContain(`lock-${owners.indexOf(edge.owner)}`);
          expect(seconds.every((s) => s.status === 'rejected' && s.reason instanceof LockAbortedError)).toBe(true);
          expect(detectedAfterMs).toBeLessThan(5_000);
          expect(locks.findDeadlocks()).toEqual([]);
          expect(locks.snapshot()).toEqual([]);
          perf.count('cyclesDetected');
        }),
        { seed, numRuns: 20, id: 'E2E-106' },
      );

      // Under the default 'reject' policy the request that would close the cycle is refused at once; the others finish.
      const rejecting = createLockManager({ defaultTimeoutMs: 10_000 });
      const a = await rejecting.acquire('alpha', 'left');
      const b = await rejecting.acquire('beta', 'right');
      const alphaWaits = rejecting.acquire('alpha', 'right');
      const victim = await rejecting.acquire('beta', 'left').then(
        () => undefined,
        (error: unknown) => error,
      );
      b.release();
      (await alphaWaits).release();
      a.release();
      expect(victim).toBeInstanceOf(DeadlockError);
      if (victim instanceof DeadlockError) perf.count('victimsRefused');

      await attachJson('deadlock.json', {
        ordered: { tasks, locksPerTask: wants.map((w) => w.length), stats: ordered.stats() },
        detectedCycles: cycles.slice(0, 20),
        rejectPolicyVictim:
          victim instanceof DeadlockError ? { message: victim.message, cycle: victim.cycle } : String(victim),
      });
    },
  );
});
