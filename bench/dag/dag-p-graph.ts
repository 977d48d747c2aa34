import { PGraph, type DependencyList, type PGraphNodeMap } from 'p-graph';
import { runContender, startWorkTimer } from '../core/child-protocol.js';
import { generateDagShapes, NodeProbe, type DagTask } from './dag-task.js';

/** Contender: p-graph, one graph per workflow, all graphs run at once (p-graph's default: no concurrency limit). */
await runContender<DagTask>(async (task) => {
  const shapes = generateDagShapes(task);
  const probe = new NodeProbe(shapes);
  const timer = startWorkTimer();
  const graphs = shapes.map((shape, w) => {
    const nodes: PGraphNodeMap = new Map();
    const dependencies: DependencyList = [];
    shape.forEach((node, n) => {
      nodes.set(node.id, { run: async () => probe.visit(w, n) });
      for (const dependency of node.dependsOn) dependencies.push([dependency, node.id]);
    });
    return new PGraph(nodes, dependencies);
  });
  const settled = await Promise.allSettled(graphs.map((graph) => graph.run()));
  const time = timer.stop();
  return probe.result(time, settled.filter((s) => s.status === 'fulfilled').length);
});
