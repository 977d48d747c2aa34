import fc from 'fast-check';
import type { DagNodeSpec } from './dag-shape.js';
import { createSeededRandom } from './seeded-random.js';
import type { SeededRandom } from './seeded-random.js';

export type LatencyClass = 'instant' | 'fast' | 'medium' | 'slow';
/** `every-attempt`: the node can only end by timeout/cancel; `first-attempt`: a retry after the timeout succeeds. */
export type HangMode = 'none' | 'first-attempt' | 'every-attempt';
export type AttemptOutcome = 'fail' | 'hang' | 'succeed';
export type PredictedNodeStatus = 'COMPLETED' | 'FAILED' | 'BLOCKED';

export interface FaultPlanOptions {
  /** Share of nodes (0..1) that fail at least once before succeeding. Exactly round(rate * nodes) are chosen. */
  readonly failureRate: number;
  /** Share of nodes (0..1) that hang; disjoint from the failing ones. */
  readonly hangRate: number;
  /** A failing node fails 1..maxFailuresPerNode attempts before it succeeds. */
  readonly maxFailuresPerNode: number;
  /** How a hanging node hangs (default `every-attempt`). */
  readonly hangMode?: Exclude<HangMode, 'none'>;
  /** Relative weights of the latency classes (default instant 4, fast 4, medium 1.5, slow 0.5). */
  readonly latencyWeights?: Partial<Record<LatencyClass, number>>;
  /**
   * Keep one root of the shape (a node without dependencies, drawn with the seed) free of any fault, so at least
   * one node completes whatever the seed: without it, a small shape whose roots all hang completes nothing.
   * The hanging and failing shares are then drawn among the other nodes (at most all of them).
   */
  readonly keepCompletableRoot?: boolean;
}

export interface NodeFault {
  readonly id: string;
  readonly failuresBeforeSuccess: number;
  readonly hang: HangMode;
  readonly latencyClass: LatencyClass;
  /** Delay a simulated remote adds to each attempt (stands in for I/O latency, not for CPU work). */
  readonly latencyMs: number;
}

export interface FaultPlan {
  readonly seed: number;
  readonly nodes: Readonly<Record<string, NodeFault>>;
}

export interface PredictStatusOptions {
  /** Attempts the retry policy allows in total (first try included). */
  readonly maxAttempts: number;
  /** Whether a timed-out attempt is retried like a failed one (default true). */
  readonly retryTimeouts?: boolean;
}

const LATENCY_RANGES: Readonly<Record<LatencyClass, readonly [number, number]>> = {
  instant: [0, 0],
  fast: [1, 5],
  medium: [10, 50],
  slow: [100, 250],
};
const DEFAULT_WEIGHTS: Readonly<Record<LatencyClass, number>> = { instant: 4, fast: 4, medium: 1.5, slow: 0.5 };
const LATENCY_CLASSES = Object.keys(LATENCY_RANGES) as LatencyClass[];

/**
 * A deterministic fault plan for a shape: which nodes fail (and how often), hang, and how slow each one is.
 * Failing and hanging nodes are exact shares of the shape, drawn with the seed.
 */
export function faultPlanFor(shape: readonly DagNodeSpec[], options: FaultPlanOptions, seed: number): FaultPlan {
  assertRate('failureRate', options.failureRate);
  assertRate('hangRate', options.hangRate);
  if (!Number.isInteger(options.maxFailuresPerNode) || options.maxFailuresPerNode < 0) {
    throw new RangeError(`maxFailuresPerNode must be a non-negative integer, got ${options.maxFailuresPerNode}`);
  }
  const random = createSeededRandom(seed);
  const ids = shape.map((node) => node.id);
  const spared = options.keepCompletableRoot === true ? spareRoot(shape, random.fork('spared-root')) : undefined;
  const candidates = spared === undefined ? ids : ids.filter((id) => id !== spared);
  const shuffled = random.fork('selection').shuffle(candidates);
  const hangCount = Math.min(candidates.length, Math.round(options.hangRate * ids.length));
  const failCount =
    options.maxFailuresPerNode === 0
      ? 0
      : Math.min(candidates.length - hangCount, Math.round(options.failureRate * ids.length));
  const hanging = new Set(shuffled.slice(0, hangCount));
  const failing = new Set(shuffled.slice(hangCount, hangCount + failCount));
  const weights = { ...DEFAULT_WEIGHTS, ...options.latencyWeights };
  const detail = random.fork('detail');
  const nodes: Record<string, NodeFault> = {};
  for (const id of ids) {
    const latencyClass = pickWeighted(detail, weights);
    const [low, high] = LATENCY_RANGES[latencyClass];
    nodes[id] = {
      id,
      failuresBeforeSuccess: failing.has(id) ? detail.int(1, options.maxFailuresPerNode) : 0,
      hang: hanging.has(id) ? (options.hangMode ?? 'every-attempt') : 'none',
      latencyClass,
      latencyMs: detail.int(low, high),
    };
  }
  return { seed: random.seed, nodes };
}

/**
 * Fault plans as a fast-check arbitrary: each node's fault shrinks toward "no fault, instant", so a shrunk
 * counterexample keeps only the faults that matter. Rates act as upper bounds here rather than exact shares.
 */
export function faultPlanArbitrary(shape: readonly DagNodeSpec[], options: FaultPlanOptions): fc.Arbitrary<FaultPlan> {
  assertRate('failureRate', options.failureRate);
  assertRate('hangRate', options.hangRate);
  const nodeArbitrary = fc.record({
    failDraw: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
    hangDraw: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
    failures: fc.integer({ min: 1, max: Math.max(1, options.maxFailuresPerNode) }),
    latencyClass: fc.constantFrom(...LATENCY_CLASSES),
    latencyDraw: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  });
  return fc.array(nodeArbitrary, { minLength: shape.length, maxLength: shape.length }).map((draws) => {
    const nodes: Record<string, NodeFault> = {};
    shape.forEach((node, index) => {
      const draw = draws[index];
      if (!draw) return;
      // Draws shrink toward 0, so "fault" is the top end of the range: the shrunk plan is the quiet one.
      const hang = draw.hangDraw >= 1 - options.hangRate;
      const fails = !hang && options.maxFailuresPerNode > 0 && draw.failDraw >= 1 - options.failureRate;
      const [low, high] = LATENCY_RANGES[draw.latencyClass];
      nodes[node.id] = {
        id: node.id,
        failuresBeforeSuccess: fails ? draw.failures : 0,
        hang: hang ? (options.hangMode ?? 'every-attempt') : 'none',
        latencyClass: draw.latencyClass,
        latencyMs: Math.round(low + draw.latencyDraw * (high - low)),
      };
    });
    return { seed: 0, nodes };
  });
}

/** What attempt `attempt` (1-based) of a node does under its fault. */
export function attemptOutcome(fault: NodeFault, attempt: number): AttemptOutcome {
  if (fault.hang === 'every-attempt') return 'hang';
  let failingAttempts = fault.failuresBeforeSuccess;
  if (fault.hang === 'first-attempt') {
    if (attempt === 1) return 'hang';
    failingAttempts += 1;
  }
  return attempt <= failingAttempts ? 'fail' : 'succeed';
}

/**
 * The final status each node must reach under the plan, as an independent oracle for the executor: a node
 * completes when its attempts fit the retry budget and every dependency completed; a dependent of a failed or
 * blocked node is BLOCKED.
 */
export function predictNodeStatuses(
  shape: readonly DagNodeSpec[],
  plan: FaultPlan,
  options: PredictStatusOptions,
): Record<string, PredictedNodeStatus> {
  const retryTimeouts = options.retryTimeouts ?? true;
  const byId = new Map(shape.map((node) => [node.id, node]));
  const statuses: Record<string, PredictedNodeStatus> = {};
  const resolve = (id: string, trail: Set<string>): PredictedNodeStatus => {
    const known = statuses[id];
    if (known) return known;
    if (trail.has(id)) throw new RangeError(`shape has a cycle through ${id}`);
    trail.add(id);
    const node = byId.get(id);
    if (!node) throw new RangeError(`unknown node ${id}`);
    const dependencyStatuses = node.dependsOn.map((dependency) => resolve(dependency, trail));
    trail.delete(id);
    const status = dependencyStatuses.some((s) => s !== 'COMPLETED')
      ? 'BLOCKED'
      : ownStatus(plan.nodes[id], options.maxAttempts, retryTimeouts);
    statuses[id] = status;
    return status;
  };
  for (const node of shape) resolve(node.id, new Set());
  return statuses;
}

function ownStatus(fault: NodeFault | undefined, maxAttempts: number, retryTimeouts: boolean): PredictedNodeStatus {
  if (!fault) return 'COMPLETED';
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const outcome = attemptOutcome(fault, attempt);
    if (outcome === 'succeed') return 'COMPLETED';
    if (outcome === 'hang' && !retryTimeouts) return 'FAILED';
  }
  return 'FAILED';
}

/** The root left without fault; a shape always has one (it is acyclic), an empty shape none. */
function spareRoot(shape: readonly DagNodeSpec[], random: SeededRandom): string | undefined {
  const roots = shape.filter((node) => node.dependsOn.length === 0).map((node) => node.id);
  if (shape.length > 0 && roots.length === 0)
    throw new RangeError('shape has no root: every node has a dependency, so it has a cycle');
  return roots.length === 0 ? undefined : random.pick(roots);
}

function pickWeighted(random: SeededRandom, weights: Readonly<Record<LatencyClass, number>>): LatencyClass {
  const total = LATENCY_CLASSES.reduce((sum, name) => sum + Math.max(0, weights[name]), 0);
  if (total <= 0) return 'instant';
  let draw = random.next() * total;
  for (const name of LATENCY_CLASSES) {
    draw -= Math.max(0, weights[name]);
    if (draw < 0) return name;
  }
  return 'slow';
}

function assertRate(name: string, value: number): void {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be in [0, 1], got ${value}`);
}
