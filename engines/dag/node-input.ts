import type { CompiledNode } from './compile-workflow.js';
import { dependencyArtifactsOf, dependencyOutputsOf, skippedDependencyIdsOf } from './dependency-inputs.js';
import type { RunState } from './run-state.js';
import type { NodeInput } from './types.js';

/** The fresh input object one attempt of a node receives. */
export function createNodeInput(state: RunState, node: CompiledNode, executionId: string, context: Readonly<Record<string, unknown>>): NodeInput {
  return {
    executionId,
    workflowId: state.workflow.id,
    nodeId: node.id,
    attempt: state.attempts[node.index] as number,
    context,
    dependencies: dependencyOutputsOf(state, node),
    artifacts: dependencyArtifactsOf(state, node),
    skippedDependencies: skippedDependencyIdsOf(state, node),
    config: node.settings.config,
  };
}
