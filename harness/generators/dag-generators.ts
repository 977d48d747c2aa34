import type { DagShape } from './dag-shape.js';
import { createSeededRandom } from './seeded-random.js';

export interface FanOutFanInDagOptions {
  /** Repeated source -> k parallel -> sink stages; each stage's sink is the next stage's source. */
  readonly stages: number;
  /** Parallel nodes per stage (the upper bound when `minWidth` is given). */
  readonly width: number;
  /** When set, each stage's width is drawn from [minWidth, width] with the seed. */
  readonly minWidth?: number;
  readonly seed?: number;
}

/**
 * Diamonds in series: `start -> s1.w0..s1.wk -> s1.join -> s2.w0.. -> s2.join ...`.
 * Node count is `1 + sum(width_i + 1)`; with a fixed width that is `1 + stages * (width + 1)`.
 */
export function generateFanOutFanInDag(options: FanOutFanInDagOptions): DagShape {
  assertPositiveInteger('stages', options.stages);
  assertPositiveInteger('width', options.width);
  const minWidth = options.minWidth ?? options.width;
  if (minWidth < 1 || minWidth > options.width) throw new RangeError(`minWidth must be in [1, width], got ${minWidth}`);
  const random = createSeededRandom(options.seed ?? 0);
  const shape: DagShape = [{ id: 'start', dependsOn: [] }];
  let source = 'start';
  for (let stage = 1; stage <= options.stages; stage++) {
    const width = random.int(minWidth, options.width);
    const parallel: string[] = [];
    for (let lane = 0; lane < width; lane++) {
      const id = `s${stage}.w${lane}`;
      shape.push({ id, dependsOn: [source] });
      parallel.push(id);
    }
    const join = `s${stage}.join`;
    shape.push({ id: join, dependsOn: parallel });
    source = join;
  }
  return shape;
}

export interface LayeredDagOptions {
  readonly nodes: number;
  /** Layers the nodes are spread over (each gets at least one node). */
  readonly layers: number;
  /** Most dependencies a node draws from lower layers (at least one comes from the layer just below). */
  readonly maxDependencies?: number;
  readonly seed: number;
}

/**
 * A random layered DAG: edges only go from a lower to a higher layer, so it is acyclic by construction.
 * Nodes are listed in a seeded shuffled order so an executor cannot rely on declaration order.
 */
export function generateLayeredDag(options: LayeredDagOptions): DagShape {
  assertPositiveInteger('nodes', options.nodes);
  assertPositiveInteger('layers', options.layers);
  if (options.layers > options.nodes) throw new RangeError('layers cannot exceed nodes');
  const maxDependencies = options.maxDependencies ?? 3;
  assertPositiveInteger('maxDependencies', maxDependencies);
  const random = createSeededRandom(options.seed);
  const layerOf: number[] = [];
  for (let i = 0; i < options.nodes; i++) layerOf.push(i < options.layers ? i : random.int(0, options.layers - 1));
  layerOf.sort((a, b) => a - b);
  const byLayer: string[][] = Array.from({ length: options.layers }, () => []);
  layerOf.forEach((layer, index) => byLayer[layer]?.push(`L${layer}.n${index}`));
  const shape: DagShape = [];
  byLayer.forEach((ids, layer) => {
    const below = byLayer.slice(0, layer).flat();
    const justBelow = byLayer[layer - 1] ?? [];
    for (const id of ids) {
      const dependsOn = new Set<string>();
      if (justBelow.length > 0) {
        dependsOn.add(random.pick(justBelow));
        const extra = random.int(0, Math.min(maxDependencies, below.length) - 1);
        for (let k = 0; k < extra; k++) dependsOn.add(random.pick(below));
      }
      shape.push({ id, dependsOn: [...dependsOn] });
    }
  });
  return random.shuffle(shape);
}

export interface ChainDagOptions {
  readonly length: number;
  readonly idPrefix?: string;
}

/** `n0 -> n1 -> ... -> n(length-1)`: the longest critical path for a node count. */
export function generateChainDag(options: ChainDagOptions): DagShape {
  assertPositiveInteger('length', options.length);
  const prefix = options.idPrefix ?? 'n';
  return Array.from({ length: options.length }, (_, i) => ({
    id: `${prefix}${i}`,
    dependsOn: i === 0 ? [] : [`${prefix}${i - 1}`],
  }));
}

function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
}
