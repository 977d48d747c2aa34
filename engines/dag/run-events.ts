import type { EventHub } from './event-hub.js';
import type { WorkflowEvent, WorkflowEventListener } from './events.js';

/** What a run exposes so its events can be built and delivered. */
export interface EventSource {
  readonly executionId: string;
  readonly workflowId: string;
  readonly onEvent: WorkflowEventListener | undefined;
  readonly hub: EventHub;
  readonly now: () => number;
  /** Listener calls that threw or rejected. */
  listenerErrors: number;
}

type NodeEvent = Extract<WorkflowEvent, { nodeId: string }>;
type NodeEventFields<T extends NodeEvent['type']> = Omit<
  Extract<WorkflowEvent, { type: T }>,
  'type' | 'nodeId' | 'executionId' | 'workflowId' | 'timestamp'
>;
type RunEventFields<T extends Exclude<WorkflowEvent, NodeEvent>['type']> = Omit<
  Extract<WorkflowEvent, { type: T }>,
  'type' | 'executionId' | 'workflowId' | 'timestamp'
>;

/** Building an event costs more than the rest of a no-op node, so hot paths check this first. */
export function isListening(source: EventSource): boolean {
  return source.onEvent !== undefined || source.hub.listeners.length > 0;
}

export function emitNodeEvent<T extends NodeEvent['type']>(
  source: EventSource,
  type: T,
  nodeId: string,
  fields: NodeEventFields<T>,
): void {
  if (!isListening(source)) return;
  deliver(source, {
    type,
    nodeId,
    executionId: source.executionId,
    workflowId: source.workflowId,
    timestamp: source.now(),
    ...fields,
  } as unknown as WorkflowEvent);
}

export function emitRunEvent<T extends Exclude<WorkflowEvent, NodeEvent>['type']>(
  source: EventSource,
  type: T,
  fields: RunEventFields<T>,
): void {
  if (!isListening(source)) return;
  deliver(source, {
    type,
    executionId: source.executionId,
    workflowId: source.workflowId,
    timestamp: source.now(),
    ...fields,
  } as unknown as WorkflowEvent);
}

function deliver(source: EventSource, event: WorkflowEvent): void {
  if (source.onEvent !== undefined) callListener(source, source.onEvent, event);
  // The hub replaces its list on (un)subscribe, so iterating a snapshot is safe.
  for (const listener of source.hub.listeners) callListener(source, listener, event);
}

function callListener(source: EventSource, listener: WorkflowEventListener, event: WorkflowEvent): void {
  try {
    const returned = listener(event);
    if (returned instanceof Promise) {
      returned.catch(() => {
        source.listenerErrors++;
      });
    }
  } catch {
    source.listenerErrors++;
  }
}
