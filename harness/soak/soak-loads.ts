import { setMaxListeners } from 'node:events';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { buildImportGraph } from '../../engines/acc/index.js';
import { createFeatureSet, runPickles } from '../../engines/bdv/index.js';
import { MemoryContextStore, WorkflowExecutor } from '../../engines/dag/index.js';
import type { Pool } from '../../engines/sync/index.js';
import { withChaos } from '../chaos/index.js';
import { faultPlanFor, generateFeatureSuite, generateLayeredDag, writeLayeredCodebase } from '../generators/index.js';
import { startLoopbackService, type LoopbackService } from '../net/index.js';
import { createSocketPool, type LineConnection } from '../pools/index.js';
import { RetryExhaustedError, createSeededRandom, withRetry, withTimeout, type Task } from '../resilience/index.js';
import {
  buildDagWorkload,
  diffEdgeSets,
  graphEdgePairs,
  manifestEdgePairs,
  registerVocabularySteps,
} from '../engine-workloads/index.js';

/** The randomized loads a soak cycles through: engines over generated inputs, and socket-pool traffic. */
export const SOAK_LOAD_KINDS = ['dag', 'bdv', 'analysis', 'pool'] as const;
export type SoakLoadKind = (typeof SOAK_LOAD_KINDS)[number];

/** What one load iteration did: units of work, and how many of them came out wrong or failed for good. */
export interface SoakLoadOutcome {
  readonly kind: SoakLoadKind;
  readonly operations: number;
  readonly errors: number;
  /** A few words per error, for the summary (at most 5 per iteration). */
  readonly failures: readonly string[];
}

export interface SoakLoadContext {
  readonly seed: number;
  readonly signal: AbortSignal;
}

/** Long-lived state shared by every iteration (one executor, one pool, one service), so leaks accumulate. */
export interface SoakLoads {
  run(kind: SoakLoadKind, context: SoakLoadContext): Promise<SoakLoadOutcome>;
  close(): Promise<void>;
}

export interface SoakLoadsOptions {
  /** Where the analysis load writes (and removes) its generated code bases. */
  readonly scratchDir: string;
}

const MAX_FAILURES = 5;

/**
 * Creates the soak's loads. Each iteration is checked against an engine-free oracle, so `errors` counts wrong
 * results and unrecovered failures, not the faults injected on purpose (those are retried and must recover):
 *
 * - `dag`: a seeded layered workflow (30 nodes, 10 % of them failing once) on one shared executor and memory store;
 *   every node must complete with its expected digest; the execution is deleted afterwards.
 * - `bdv`: a generated 20-scenario feature suite on the BDV engine; every scenario must pass.
 * - `analysis`: a generated 40-file TypeScript code base written to disk, its import graph built by ACC and
 *   compared edge by edge with the generator's manifest, then removed.
 * - `pool`: 50 requests through a 4-connection socket pool to a loopback echo service, 5 % of calls failing by
 *   injection and retried; every reply must be the echo.
 */
export async function createSoakLoads(options: SoakLoadsOptions): Promise<SoakLoads> {
  const store = new MemoryContextStore();
  const dagExecutor = new WorkflowExecutor({ store, concurrency: 16 });
  const steps = registerVocabularySteps();
  const service: LoopbackService = await startLoopbackService();
  const pool: Pool<LineConnection> = createSocketPool({ port: service.port, max: 4, acquireTimeoutMs: 5_000 });
  let iteration = 0;

  const runDag = async ({ seed, signal }: SoakLoadContext): Promise<SoakLoadOutcome> => {
    const shape = generateLayeredDag({ nodes: 30, layers: 5, seed });
    const faults = faultPlanFor(
      shape,
      { failureRate: 0.1, hangRate: 0, maxFailuresPerNode: 1, latencyWeights: { medium: 0, slow: 0 } },
      seed,
    );
    const executionId = `soak-${++iteration}`;
    const workload = buildDagWorkload(shape, {
      workflowId: `soak-dag-${seed}`,
      faults,
      retry: { retries: 1, minTimeout: 1 },
    });
    try {
      const result = await dagExecutor.run(workload.definition, { executionId, signal });
      const wrong = result.nodes.filter(
        (node) => node.status !== 'COMPLETED' || node.output !== workload.expectedOutputs[node.id],
      );
      return {
        kind: 'dag',
        operations: shape.length,
        errors: wrong.length,
        failures: wrong.slice(0, MAX_FAILURES).map((node) => `dag ${executionId}/${node.id}: ${node.status}`),
      };
    } finally {
      await store.delete(executionId);
    }
  };

  const runBdv = async ({ seed, signal }: SoakLoadContext): Promise<SoakLoadOutcome> => {
    const { files, manifest } = generateFeatureSuite({ scenarios: 20, seed });
    const features = createFeatureSet(Object.fromEntries(files.map((file) => [file.path, file.text])));
    const report = await runPickles(features, { registry: steps.registry, signal });
    const bad = report.scenarios.filter((scenario) => scenario.status !== 'passed');
    const missing = Math.max(0, manifest.pickles - report.scenarios.length);
    return {
      kind: 'bdv',
      operations: manifest.pickles,
      errors: bad.length + missing,
      failures: [
        ...bad.map((scenario) => `bdv ${scenario.key}: ${scenario.status}`),
        ...(missing > 0 ? [`bdv: ${missing} scenarios never ran`] : []),
      ].slice(0, MAX_FAILURES),
    };
  };

  const runAnalysis = async ({ seed }: SoakLoadContext): Promise<SoakLoadOutcome> => {
    const dir = join(options.scratchDir, `codebase-${seed}`);
    try {
      const manifest = await writeLayeredCodebase(dir, { files: 40, seed, cycles: 1, layerViolations: 1 });
      const graph = await buildImportGraph(manifest.root);
      const diff = diffEdgeSets(manifestEdgePairs(manifest), graphEdgePairs(graph));
      const errors = diff.missing.length + diff.unexpected.length;
      return {
        kind: 'analysis',
        operations: manifest.sourceFiles.length,
        errors,
        failures: [
          ...diff.missing.map((edge) => `acc missing ${edge}`),
          ...diff.unexpected.map((edge) => `acc unexpected ${edge}`),
        ].slice(0, MAX_FAILURES),
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };

  const runPool = async ({ seed, signal: outer }: SoakLoadContext): Promise<SoakLoadOutcome> => {
    // Eight lanes each hang a retry and a timeout listener on the signal: give them one of their own, with room.
    const local = new AbortController();
    setMaxListeners(64, local.signal);
    const forward = (): void => local.abort(outer.reason);
    if (outer.aborted) forward();
    else outer.addEventListener('abort', forward, { once: true });
    const signal = local.signal;
    const random = createSeededRandom(seed);
    let requestNo = 0;
    const request: Task<string> = async (requestSignal) => {
      const line = `SOAK ${seed} ${++requestNo}`;
      const reply = await pool.use((connection) => connection.request(line, { signal: requestSignal }), {
        signal: requestSignal,
      });
      if (reply !== line) throw new Error(`pool: sent "${line}", got "${reply}"`);
      return reply;
    };
    const robust = withRetry(withTimeout(withChaos(request, { errorRate: 0.05 }, random), 2_000), {
      retries: 3,
      minTimeout: 1,
      random,
    });
    const failures: string[] = [];
    let errors = 0;
    const total = 50;
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < total) {
        next += 1;
        try {
          await robust(signal);
        } catch (error) {
          errors += 1;
          if (failures.length < MAX_FAILURES)
            failures.push(`pool: ${error instanceof RetryExhaustedError ? 'retries exhausted' : String(error)}`);
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: 8 }, lane));
    } finally {
      outer.removeEventListener('abort', forward);
    }
    return { kind: 'pool', operations: total, errors, failures };
  };

  const runners: Record<SoakLoadKind, (context: SoakLoadContext) => Promise<SoakLoadOutcome>> = {
    dag: runDag,
    bdv: runBdv,
    analysis: runAnalysis,
    pool: runPool,
  };
  return {
    run: (kind, context) => runners[kind](context),
    close: async () => {
      await pool.drain({ timeoutMs: 5_000 });
      await service.close();
    },
  };
}
