import { createHash } from 'node:crypto';
import { defineWorkflow, type NodeInput, type RetryPolicy, type WorkflowDefinition } from '../../engines/dag/index.js';
import type { Pool } from '../../engines/sync/index.js';
import type { LineConnection } from '../../harness/pools/index.js';
import { topologicalOrder, type DagShape } from '../../harness/generators/index.js';

/** The service answered something other than the echo of the request: the exchange was corrupted. */
export class ServiceReplyMismatchError extends Error {
  override readonly name = 'ServiceReplyMismatchError';
  readonly code = 'CHAOS_SERVICE_REPLY_MISMATCH';
  constructor(
    readonly nodeId: string,
    readonly sent: string,
    readonly received: string,
  ) {
    super(`node ${nodeId}: sent "${sent}", service answered "${received}"`);
  }
}

export interface ServiceWorkflowOptions {
  readonly workflowId: string;
  /** Connections to the echo service (through the chaos proxy). */
  readonly pool: Pool<LineConnection>;
  /** One request may take this long before it counts as lost. */
  readonly requestTimeoutMs: number;
  readonly retry?: RetryPolicy;
}

export interface ServiceWorkflow {
  readonly definition: WorkflowDefinition;
  /** What every node must output, computed without the engine or the service. */
  readonly expectedOutputs: Readonly<Record<string, string>>;
  /** Requests the nodes sent (all attempts). */
  requestsSent(): number;
}

/**
 * A DAG whose every node is a remote call: it sends `<id>:<digest of its dependencies' outputs>` to a line echo
 * service and outputs the reply, after checking it is the echo. A partition between the nodes and the service
 * therefore fails the nodes that need it, and a healthy service yields exactly the engine-free expected outputs.
 */
export function buildServiceWorkflow(shape: DagShape, options: ServiceWorkflowOptions): ServiceWorkflow {
  let sent = 0;
  let builder = defineWorkflow(options.workflowId);
  for (const node of shape) {
    const executor = async (input: NodeInput, signal: AbortSignal): Promise<string> => {
      const line = requestLine(
        node.id,
        node.dependsOn.map((dependency) => String(input.dependencies[dependency])),
      );
      const requestSignal = AbortSignal.any([signal, AbortSignal.timeout(options.requestTimeoutMs)]);
      const reply = await options.pool.use(
        (connection) => {
          sent += 1;
          return connection.request(line, { signal: requestSignal });
        },
        { signal: requestSignal, owner: `${options.workflowId}/${node.id}` },
      );
      if (reply !== line) throw new ServiceReplyMismatchError(node.id, line, reply);
      return reply;
    };
    builder = builder.node(node.id, executor, {
      dependsOn: node.dependsOn,
      ...(options.retry === undefined ? {} : { retry: options.retry }),
    });
  }
  return { definition: builder.build(), expectedOutputs: expectedServiceOutputs(shape), requestsSent: () => sent };
}

function requestLine(id: string, dependencyOutputs: readonly string[]): string {
  return `${id}:${createHash('sha256').update(dependencyOutputs.join('|')).digest('hex').slice(0, 16)}`;
}

function expectedServiceOutputs(shape: DagShape): Record<string, string> {
  const byId = new Map(shape.map((node) => [node.id, node]));
  const outputs: Record<string, string> = {};
  for (const id of topologicalOrder(shape)) {
    const node = byId.get(id);
    if (node !== undefined)
      outputs[id] = requestLine(
        id,
        node.dependsOn.map((dependency) => outputs[dependency] ?? ''),
      );
  }
  return outputs;
}
