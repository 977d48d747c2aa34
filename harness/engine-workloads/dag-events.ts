import type { WorkflowEvent, WorkflowEventListener } from '../../engines/dag/index.js';
import type { DagRunEvent } from '../generators/index.js';

/** Every event of the runs it listens to, in emission order. */
export interface DagEventLog {
  readonly listener: WorkflowEventListener;
  readonly events: readonly WorkflowEvent[];
  /** Node starts and completions of one execution, in the form `findDependencyOrderViolations` checks. */
  runEvents(executionId: string): DagRunEvent[];
}

export function createDagEventLog(): DagEventLog {
  const events: WorkflowEvent[] = [];
  return {
    listener: (event) => {
      events.push(event);
    },
    events,
    runEvents: (executionId) => {
      const out: DagRunEvent[] = [];
      for (const event of events) {
        if (event.executionId !== executionId) continue;
        if (event.type === 'NODE_STARTED') out.push({ type: 'started', id: event.nodeId });
        else if (event.type === 'NODE_COMPLETED') out.push({ type: 'completed', id: event.nodeId });
      }
      return out;
    },
  };
}
