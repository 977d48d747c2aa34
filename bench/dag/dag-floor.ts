import { runContender, startWorkTimer } from '../core/child-protocol.js';
import { generateDagShapes, NodeProbe, type DagTask } from './dag-task.js';

/**
 * Floor: a bare promise chain. Each node is one promise that awaits its dependencies' promises, then runs the
 * same no-op; no validation, statuses, limits, retries or events. Nothing can schedule a no-op DAG for less.
 */
await runContender<DagTask>(async (task) => {
  const shapes = generateDagShapes(task);
  const probe = new NodeProbe(shapes);
  const timer = startWorkTimer();
  const settled = await Promise.allSettled(
    shapes.map((shape, w) => {
      const byId = new Map(shape.map((node, n) => [node.id, { node, n }]));
      const promises = new Map<string, Promise<void>>();
      const promiseOf = (id: string): Promise<void> => {
        const existing = promises.get(id);
        if (existing !== undefined) return existing;
        const entry = byId.get(id);
        if (entry === undefined) return Promise.reject(new RangeError(`unknown node ${id}`));
        const created = Promise.all(entry.node.dependsOn.map(promiseOf)).then(async () => probe.visit(w, entry.n));
        promises.set(id, created);
        return created;
      };
      return Promise.all(shape.map((node) => promiseOf(node.id)));
    }),
  );
  const time = timer.stop();
  return probe.result(time, settled.filter((s) => s.status === 'fulfilled').length);
});
