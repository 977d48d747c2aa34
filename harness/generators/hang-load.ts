import type { DagShape } from './dag-shape.js';
import { generateLayeredDag } from './dag-generators.js';
import { faultPlanFor } from './fault-plan.js';
import type { FaultPlan } from './fault-plan.js';

export interface HangLoadOptions {
  /** Nodes in the layered shape (E2E-115: 50 at scale 1). */
  readonly nodes: number;
  readonly seed: number;
  /** Layers of the shape, capped at `nodes` (default 5). */
  readonly layers?: number;
  /** Share of nodes that hang on every attempt (default 0.2). */
  readonly hangRate?: number;
}

export interface HangLoad {
  readonly shape: DagShape;
  readonly plan: FaultPlan;
}

/**
 * The timeout load of E2E-115: a seeded layered DAG in which a share of the nodes hang on every attempt (only their
 * per-node timeout can end them). One root is always left without fault, so the run completes at least one node
 * whatever the seed, and at least one node hangs whenever `round(hangRate * nodes) >= 1` (13 nodes or more at the
 * default rate): a test can assert on both.
 *
 * @example
 * const { shape, plan } = hangLoadFor({ nodes: 50, seed });
 * // predictNodeStatuses(shape, plan, { maxAttempts: 2 }) has a COMPLETED node and a FAILED (timed-out) one
 */
export function hangLoadFor(options: HangLoadOptions): HangLoad {
  const layers = Math.min(options.layers ?? 5, options.nodes);
  const shape = generateLayeredDag({ nodes: options.nodes, layers, seed: options.seed });
  const plan = faultPlanFor(
    shape,
    {
      failureRate: 0,
      hangRate: options.hangRate ?? 0.2,
      maxFailuresPerNode: 0,
      hangMode: 'every-attempt',
      keepCompletableRoot: true,
    },
    options.seed,
  );
  return { shape, plan };
}
