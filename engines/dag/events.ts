import type { SkipReason, WorkflowResult } from './workflow-result.js';

interface EventBase {
  readonly executionId: string;
  readonly workflowId: string;
  /** From the executor's clock (`now`), in ms. */
  readonly timestamp: number;
}

interface NodeEventBase extends EventBase {
  readonly nodeId: string;
}

/**
 * Everything a run reports, each exactly once. Per attempt a node emits one NODE_STARTED and then exactly one of
 * NODE_COMPLETED, NODE_RETRY (failed, will retry), NODE_FAILED or NODE_INTERRUPTED (paused or cancelled).
 * NODE_SKIPPED, NODE_BLOCKED and a NODE_FAILED with `attempt: 0` (an erroring condition) have no start.
 */
export type WorkflowEvent =
  | (EventBase & { readonly type: 'WORKFLOW_STARTED'; readonly resumed: boolean })
  | (EventBase & { readonly type: 'WORKFLOW_COMPLETED'; readonly result: WorkflowResult })
  | (EventBase & { readonly type: 'WORKFLOW_FAILED'; readonly result: WorkflowResult })
  | (EventBase & { readonly type: 'WORKFLOW_CANCELLED'; readonly result: WorkflowResult })
  | (EventBase & { readonly type: 'WORKFLOW_PAUSED' })
  | (EventBase & { readonly type: 'WORKFLOW_RESUMED' })
  | (NodeEventBase & { readonly type: 'NODE_STARTED'; readonly attempt: number })
  | (NodeEventBase & { readonly type: 'NODE_COMPLETED'; readonly attempt: number; readonly durationMs: number })
  | (NodeEventBase & {
      readonly type: 'NODE_RETRY';
      readonly attempt: number;
      readonly delayMs: number;
      readonly error: Error;
    })
  | (NodeEventBase & { readonly type: 'NODE_FAILED'; readonly attempt: number; readonly error: Error })
  | (NodeEventBase & {
      readonly type: 'NODE_INTERRUPTED';
      readonly attempt: number;
      readonly reason: 'paused' | 'cancelled';
    })
  | (NodeEventBase & { readonly type: 'NODE_SKIPPED'; readonly reason: SkipReason })
  | (NodeEventBase & { readonly type: 'NODE_BLOCKED'; readonly blockedBy: string });

export type WorkflowEventType = WorkflowEvent['type'];

/** May be async; a throw or rejection is counted in `WorkflowResult.listenerErrors` and never breaks the run. */
export type WorkflowEventListener = (event: WorkflowEvent) => unknown;
