/**
 * A workflow's shape as plain data: ids and dependencies only. Engines turn it into their own node objects, so the
 * loads never depend on an engine API.
 */
export interface DagNodeSpec {
  id: string;
  dependsOn: string[];
}

export type DagShape = DagNodeSpec[];

/** One observed scheduling event, in the order the executor emitted it. */
export interface DagRunEvent {
  readonly type: 'started' | 'completed';
  readonly id: string;
}

export interface DependencyOrderViolation {
  readonly id: string;
  readonly dependency: string;
  readonly reason: 'started-before-dependency-completed' | 'dependency-never-completed';
}

/**
 * Kahn's algorithm with ties broken by declaration order, so the result is deterministic.
 * Throws a RangeError naming the nodes left over when the shape has a cycle or an unknown dependency: generated
 * shapes never do, so this only fires on misuse.
 */
export function topologicalOrder(shape: readonly DagNodeSpec[]): string[] {
  const indegree = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const node of shape) {
    if (indegree.has(node.id)) throw new RangeError(`duplicate node id ${node.id}`);
    indegree.set(node.id, node.dependsOn.length);
    dependents.set(node.id, []);
  }
  for (const node of shape) {
    for (const dependency of node.dependsOn) {
      const list = dependents.get(dependency);
      if (!list) throw new RangeError(`node ${node.id} depends on unknown node ${dependency}`);
      list.push(node.id);
    }
  }
  const ready = shape.filter((node) => node.dependsOn.length === 0).map((node) => node.id);
  const order: string[] = [];
  for (let i = 0; i < ready.length; i++) {
    const id = ready[i] as string;
    order.push(id);
    for (const dependent of dependents.get(id) ?? []) {
      const left = (indegree.get(dependent) ?? 0) - 1;
      indegree.set(dependent, left);
      if (left === 0) ready.push(dependent);
    }
  }
  if (order.length !== shape.length) {
    const stuck = shape.map((node) => node.id).filter((id) => !order.includes(id));
    throw new RangeError(`shape is not acyclic; nodes on or behind a cycle: ${stuck.join(', ')}`);
  }
  return order;
}

/**
 * Checks an executor's event log against the shape: every node must start only after all its dependencies
 * completed. Returns every violation (empty when the order held), never throws.
 */
export function findDependencyOrderViolations(
  shape: readonly DagNodeSpec[],
  events: readonly DagRunEvent[],
): DependencyOrderViolation[] {
  const completedAt = new Map<string, number>();
  const startedAt = new Map<string, number>();
  events.forEach((event, index) => {
    const seen = event.type === 'completed' ? completedAt : startedAt;
    if (!seen.has(event.id)) seen.set(event.id, index);
  });
  const violations: DependencyOrderViolation[] = [];
  for (const node of shape) {
    const start = startedAt.get(node.id);
    if (start === undefined) continue;
    for (const dependency of node.dependsOn) {
      const done = completedAt.get(dependency);
      if (done === undefined) {
        violations.push({ id: node.id, dependency, reason: 'dependency-never-completed' });
      } else if (done > start) {
        violations.push({ id: node.id, dependency, reason: 'started-before-dependency-completed' });
      }
    }
  }
  return violations;
}
