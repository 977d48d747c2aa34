import { generateLayeredDag, type DagShape } from '../../harness/generators/index.js';
import { buildDagWorkload, type DagWorkload } from '../../harness/engine-workloads/index.js';

/** Sizes shared by the crash child and the spec that resumes its execution: both must build the same workflow. */
export const CRASH_NODES = 48;
const CRASH_LAYERS = 8;
// Enough real hashing per node (~1-2 ms) that the kill lands while nodes are still running.
const CRASH_HASH_ROUNDS = 2_000;

/** The seeded workflow the crash child runs and the spec resumes: same seed, same shape, same digests. */
export function buildCrashWorkload(seed: number): { shape: DagShape; workload: DagWorkload } {
  const shape = generateLayeredDag({ nodes: CRASH_NODES, layers: CRASH_LAYERS, maxDependencies: 3, seed });
  return { shape, workload: buildDagWorkload(shape, { workflowId: `crash-${seed}`, hashRounds: CRASH_HASH_ROUNDS }) };
}
