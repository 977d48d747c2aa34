import { defineWorkflow, WorkflowExecutor } from '../../engines/dag/index.js';
import { runContender, startWorkTimer } from '../core/child-protocol.js';
import { generateDagShapes, NodeProbe, type DagTask } from './dag-task.js';

/** Contender: our DAG executor, every workflow started at once on one executor (no concurrency limit). */
await runContender<DagTask>(async (task) => {
  const shapes = generateDagShapes(task);
  const probe = new NodeProbe(shapes);
  const timer = startWorkTimer();
  const definitions = shapes.map((shape, w) => {
    let builder = defineWorkflow(`wf-${w}`);
    shape.forEach((node, n) => {
      builder = builder.node(node.id, async () => probe.visit(w, n), { dependsOn: node.dependsOn });
    });
    return builder.build();
  });
  const executor = new WorkflowExecutor();
  const results = await Promise.all(definitions.map((definition) => executor.run(definition)));
  const time = timer.stop();
  return probe.result(time, results.filter((r) => r.status === 'COMPLETED').length);
});
