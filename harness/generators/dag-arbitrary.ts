import fc from 'fast-check';
import type { DagShape } from './dag-shape.js';

export interface DagShapeArbitraryOptions {
  readonly minNodes?: number;
  readonly maxNodes: number;
  /** Most dependencies per node (default 3). */
  readonly maxDependencies?: number;
}

/**
 * Acyclic DAG shapes that shrink well: node `i` may only depend on nodes with a smaller index (acyclic by
 * construction), and the listing order is a separate random key, so shrinking removes nodes and edges and
 * drifts toward declaration-in-topological-order, the simplest counterexample to read.
 */
export function dagShapeArbitrary(options: DagShapeArbitraryOptions): fc.Arbitrary<DagShape> {
  const minNodes = options.minNodes ?? 0;
  const maxDependencies = options.maxDependencies ?? 3;
  if (minNodes < 0 || options.maxNodes < minNodes) throw new RangeError('need 0 <= minNodes <= maxNodes');
  const nodeArbitrary = fc.record({
    dependencyPicks: fc.array(fc.nat(), { maxLength: maxDependencies }),
    listingKey: fc.nat({ max: 1000 }),
  });
  return fc.array(nodeArbitrary, { minLength: minNodes, maxLength: options.maxNodes }).map((nodes) => {
    const shape = nodes.map((node, index) => ({
      id: `n${index}`,
      dependsOn: index === 0 ? [] : [...new Set(node.dependencyPicks.map((pick) => `n${pick % index}`))],
      key: node.listingKey,
      index,
    }));
    shape.sort((a, b) => a.key - b.key || a.index - b.index);
    return shape.map(({ id, dependsOn }) => ({ id, dependsOn }));
  });
}
