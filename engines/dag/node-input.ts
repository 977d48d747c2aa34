import type { CompiledNode } from './compile-workflow.js';
import type { RunState } from './run-state.js';
import type { NodeInput } from './types.js';

const EMPTY_RECORD: Readonly<Record<string, never>> = Object.freeze({});
const EMPTY_IDS: readonly string[] = Object.freeze([]);

/** The fresh input object one attempt of a node receives. */
export function createNodeInput(state: RunState, node: CompiledNode, executionId: string, context: Readonly<Record<string, unknown>>): NodeInput {
  const index = node.index;
  return {
    executionId,
    workflowId: state.workflow.id,
    nodeId: node.id,
    attempt: state.attempts[index] as number,
    context,
    dependencies: state.dependencyOutputs[index] ?? EMPTY_RECORD,
    artifacts: state.dependencyArtifacts[index] ?? EMPTY_RECORD,
    skippedDependencies: state.skippedDependencyIds[index] ?? EMPTY_IDS,
    config: node.settings.config,
  };
}
