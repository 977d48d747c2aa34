import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { defineWorkflow, type NodeInput, type RetryPolicy, type WorkflowDefinition } from '../../engines/dag/index.js';
import {
  attemptOutcome,
  topologicalOrder,
  type AttemptOutcome,
  type DagShape,
  type FaultPlan,
} from '../generators/index.js';
import { errorWithName } from '../../engines/common/index.js';

/** An attempt the fault plan told to fail: a stand-in for a remote that answered with an error. */
export class InjectedNodeFailure extends Error {
  override readonly name = 'InjectedNodeFailure';
  readonly code = 'WORKLOAD_INJECTED_FAILURE';
  constructor(
    readonly nodeId: string,
    readonly attempt: number,
  ) {
    super(`node ${nodeId}: injected failure on attempt ${attempt}`);
  }
}

/** A node received an input its dependencies could not have produced: the engine handed it partial inputs. */
export class MissingDependencyOutputError extends Error {
  override readonly name = 'MissingDependencyOutputError';
  readonly code = 'WORKLOAD_MISSING_DEPENDENCY_OUTPUT';
  constructor(
    readonly nodeId: string,
    readonly dependency: string,
  ) {
    super(`node ${nodeId} ran without the output of its dependency ${dependency}`);
  }
}

/** One attempt as the node itself saw it (independent of the engine's own bookkeeping). */
export interface ObservedAttempt {
  readonly nodeId: string;
  readonly attempt: number;
  readonly planned: AttemptOutcome;
  /** performance.now() when the executor was entered. */
  readonly startedAt: number;
  endedAt: number | undefined;
  /** Whether the attempt's AbortSignal fired while it was running, and with what. */
  aborted: boolean;
  abortReason: string | undefined;
}

export interface DagWorkloadOptions {
  readonly workflowId: string;
  /** Injected failures, hangs and simulated remote latency per node (see harness/generators faultPlanFor). */
  readonly faults?: FaultPlan;
  readonly retry?: RetryPolicy;
  readonly timeoutMs?: number;
  /** SHA-256 rounds each node spends on its digest: the node's real CPU work. Default 8. */
  readonly hashRounds?: number;
  /** Counts executor calls in flight; share one gauge across workflows to see an executor-wide peak. */
  readonly gauge?: ConcurrencyGauge;
  /** Runs after a node's work succeeded, inside its attempt (e.g. to publish the output to a shared store). */
  readonly afterNode?: (nodeId: string, output: string) => Promise<void>;
}

/** Executor calls in flight right now and at most, as the nodes themselves saw it. */
export interface ConcurrencyGauge {
  current: number;
  peak: number;
}

export function createConcurrencyGauge(): ConcurrencyGauge {
  return { current: 0, peak: 0 };
}

/** A DAG shape turned into a runnable workflow, plus what its executors observed while it ran. */
export interface DagWorkload {
  readonly definition: WorkflowDefinition;
  /** Every attempt of every node, in the order the executors were entered. */
  readonly attempts: readonly ObservedAttempt[];
  /** The digest each node must output, computed without the engine (see {@link expectedDagDigests}). */
  readonly expectedOutputs: Readonly<Record<string, string>>;
}

/**
 * Turns a plain DAG shape (and an optional fault plan) into a workflow definition whose nodes do real work: each
 * node hashes its id with its dependencies' outputs, so its output proves it ran after, and with the results of,
 * every dependency. A node whose dependency output is missing throws instead of guessing.
 *
 * Faults: per attempt the plan decides `succeed`, `fail` (throws {@link InjectedNodeFailure}) or `hang` (waits
 * for the attempt's signal, nothing else). A node's `latencyMs` is awaited before the outcome, standing in for a
 * remote's response time, never for the work itself; the wait is cut short by the signal.
 */
export function buildDagWorkload(shape: DagShape, options: DagWorkloadOptions): DagWorkload {
  const rounds = options.hashRounds ?? 8;
  const attempts: ObservedAttempt[] = [];
  let builder = defineWorkflow(options.workflowId);
  for (const node of shape) {
    const fault = options.faults?.nodes[node.id];
    const executor = async (input: NodeInput, signal: AbortSignal): Promise<string> => {
      const planned = fault === undefined ? 'succeed' : attemptOutcome(fault, input.attempt);
      const observed: ObservedAttempt = {
        nodeId: node.id,
        attempt: input.attempt,
        planned,
        startedAt: performance.now(),
        endedAt: undefined,
        aborted: false,
        abortReason: undefined,
      };
      attempts.push(observed);
      const gauge = options.gauge;
      if (gauge !== undefined) gauge.peak = Math.max(gauge.peak, ++gauge.current);
      // One listener per attempt: a wide fan-out shares the run's signal, and each listener counts towards
      // Node's max-listeners warning.
      let interrupt: ((reason: unknown) => void) | undefined;
      const onAbort = (): void => {
        observed.aborted = true;
        observed.abortReason = errorWithName(signal.reason);
        interrupt?.(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        const inputs = node.dependsOn.map((dependency) => {
          const output = input.dependencies[dependency];
          if (typeof output !== 'string') throw new MissingDependencyOutputError(node.id, dependency);
          return output;
        });
        signal.throwIfAborted();
        if (fault !== undefined && fault.latencyMs > 0) {
          await new Promise<void>((resolve, reject) => {
            const timer = setTimeout(resolve, fault.latencyMs);
            interrupt = (reason) => {
              clearTimeout(timer);
              reject(reason as Error);
            };
          });
        }
        signal.throwIfAborted();
        // A hang has no timer and no I/O: only the attempt's signal (timeout, cancel) ends it.
        if (planned === 'hang')
          await new Promise<never>((_resolve, reject) => (interrupt = (reason) => reject(reason as Error)));
        if (planned === 'fail') throw new InjectedNodeFailure(node.id, input.attempt);
        const output = nodeDigest(node.id, inputs, rounds);
        if (options.afterNode !== undefined) await options.afterNode(node.id, output);
        return output;
      } finally {
        observed.endedAt = performance.now();
        if (options.gauge !== undefined) options.gauge.current--;
        signal.removeEventListener('abort', onAbort);
      }
    };
    builder = builder.node(node.id, executor, {
      dependsOn: node.dependsOn,
      ...(options.retry === undefined ? {} : { retry: options.retry }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
  }
  return { definition: builder.build(), attempts, expectedOutputs: expectedDagDigests(shape, rounds) };
}

/** The digest every node of `shape` must output, computed in topological order without any engine. */
export function expectedDagDigests(shape: DagShape, rounds = 8): Record<string, string> {
  const byId = new Map(shape.map((node) => [node.id, node]));
  const digests: Record<string, string> = {};
  for (const id of topologicalOrder(shape)) {
    const node = byId.get(id);
    if (node === undefined) continue;
    digests[id] = nodeDigest(
      id,
      node.dependsOn.map((dependency) => digests[dependency] ?? ''),
      rounds,
    );
  }
  return digests;
}

function nodeDigest(id: string, inputs: readonly string[], rounds: number): string {
  let digest = createHash('sha256').update(id).update(inputs.join('|')).digest();
  for (let round = 1; round < rounds; round++) digest = createHash('sha256').update(digest).update(id).digest();
  return digest.toString('hex');
}
