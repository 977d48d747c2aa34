import { generateLayeredDag, type DagShape } from '../../harness/generators/index.js';
import type { WorkResult } from '../core/child-protocol.js';

/** The DAG workload a contender process receives: every contender regenerates the same shapes from the seed. */
export interface DagTask {
  readonly workflows: number;
  readonly nodesPerWorkflow: number;
  readonly layers: number;
  readonly seed: number;
}

/** Seeded layered DAGs, one per workflow (seed + index), identical in every contender process. */
export function generateDagShapes(task: DagTask): DagShape[] {
  return Array.from({ length: task.workflows }, (_, i) =>
    generateLayeredDag({ nodes: task.nodesPerWorkflow, layers: task.layers, maxDependencies: 3, seed: task.seed + i }),
  );
}

/**
 * The no-op each contender runs per node, the same everywhere: it counts the run and checks that every
 * dependency already finished (a scheduler that starts a node early shows up as `orderViolations`).
 */
export class NodeProbe {
  nodesRun = 0;
  orderViolations = 0;
  private readonly done: Uint8Array[];
  private readonly dependencyIndexes: number[][][];
  readonly indexOf: Map<string, number>[];

  constructor(shapes: readonly DagShape[]) {
    this.done = shapes.map((shape) => new Uint8Array(shape.length));
    this.indexOf = shapes.map((shape) => new Map(shape.map((node, i) => [node.id, i])));
    this.dependencyIndexes = shapes.map((shape, w) =>
      shape.map((node) => node.dependsOn.map((d) => this.indexOf[w]?.get(d) ?? -1)),
    );
  }

  /** Call from inside the node's work; `workflow` and `node` are indexes into the shapes. */
  visit(workflow: number, node: number): void {
    const done = this.done[workflow] as Uint8Array;
    for (const dependency of this.dependencyIndexes[workflow]?.[node] ?? [])
      if (done[dependency] !== 1) this.orderViolations++;
    done[node] = 1;
    this.nodesRun++;
  }

  /** The contender's measurement and the facts every DAG contender must agree on. */
  result(time: { ms: number; cpuMs: number }, workflowsCompleted: number): WorkResult {
    return {
      ms: time.ms,
      cpuMs: time.cpuMs,
      items: this.nodesRun,
      outcome: { nodesRun: this.nodesRun, workflowsCompleted, orderViolations: this.orderViolations },
    };
  }
}

export const DAG_AGREEMENT_KEYS = ['nodesRun', 'workflowsCompleted', 'orderViolations'] as const;
