import {
  FileContextStore,
  WorkflowExecutor,
  validateWorkflow,
  type NodeResult,
  type WorkflowDefinition,
  type WorkflowResultStatus,
} from '../../dag/index.js';
import { StreamInputError } from '../errors.js';
import type { StreamContext, ValidationStream } from '../types.js';

export interface DdeStreamOptions {
  /** The workflow to run, or a factory that builds it for this run (e.g. to point nodes at the workspace). */
  readonly workflow: WorkflowDefinition | ((context: StreamContext) => WorkflowDefinition);
  /** The workflow's global context (JSON-serializable: it is persisted in the workspace). */
  readonly context?: Readonly<Record<string, unknown>>;
  /** Nodes running at once. Default: unlimited. */
  readonly concurrency?: number;
  /** How many failed nodes to list in the details. Default 20. */
  readonly maxListedFailures?: number;
}

export interface DdeNodeFailure {
  readonly id: string;
  readonly status: 'FAILED' | 'BLOCKED';
  /** The error message for FAILED, the blocking node for BLOCKED. */
  readonly cause: string;
}

export interface DdeDetails {
  readonly workflowId: string;
  readonly executionId: string;
  readonly status: WorkflowResultStatus;
  readonly counts: Readonly<Record<NodeResult['status'], number>>;
  readonly failures: readonly DdeNodeFailure[];
  readonly durationMs: number;
  /** Where the execution snapshot was persisted (inside the stream's workspace). */
  readonly storeDirectory: string;
}

/**
 * DDE stream: runs a workflow on the DAG engine. An invalid workflow (cycle, unknown dependency, ...) is bad
 * input with every problem listed; the stream passes only when the run is COMPLETED. The execution is stored
 * durably in the stream's own workspace, and the stream's signal cancels the run (running nodes see it abort).
 */
export function createDdeStream(options: DdeStreamOptions): ValidationStream<DdeDetails> {
  return {
    name: 'DDE',
    async run(context) {
      const workflow = typeof options.workflow === 'function' ? options.workflow(context) : options.workflow;
      const validation = validateWorkflow(workflow);
      if (!validation.valid) {
        throw new StreamInputError(
          `workflow ${workflow.id} is invalid: ${validation.problems.map((problem) => problem.message).join('; ')}`,
        );
      }
      const storeDirectory = `${context.workspaceDir}/executions`;
      const executor = new WorkflowExecutor({
        store: new FileContextStore({ directory: storeDirectory }),
        clock: context.clock,
        ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      });
      const result = await executor.run(workflow, {
        executionId: context.runId,
        signal: context.signal,
        ...(options.context === undefined ? {} : { context: options.context }),
      });
      const failures: DdeNodeFailure[] = [];
      for (const node of result.nodes) {
        if (node.status === 'FAILED') failures.push({ id: node.id, status: 'FAILED', cause: node.error.message });
        else if (node.status === 'BLOCKED')
          failures.push({ id: node.id, status: 'BLOCKED', cause: `blocked by ${node.blockedBy}` });
      }
      const passed = result.status === 'COMPLETED';
      const counts = result.counts;
      const total = result.nodes.length;
      return {
        passed,
        summary: passed
          ? `workflow ${result.workflowId} completed: ${counts.COMPLETED}/${total} nodes completed, ${counts.SKIPPED} skipped`
          : `workflow ${result.workflowId} ${result.status}: ${counts.FAILED} failed, ${counts.BLOCKED} blocked of ${total} nodes`,
        details: {
          workflowId: result.workflowId,
          executionId: result.executionId,
          status: result.status,
          counts,
          failures: failures.slice(0, options.maxListedFailures ?? 20),
          durationMs: result.durationMs,
          storeDirectory,
        },
      };
    },
  };
}
