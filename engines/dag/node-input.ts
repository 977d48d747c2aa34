import { dependencyArtifactsOf, dependencyOutputsOf, skippedDependencyIdsOf } from './dependency-inputs.js';
import type { RunState } from './run-state.js';
import type { NodeInput } from './types.js';

/** The fresh input object one attempt of node `index` receives. */
export function createNodeInput(
  state: RunState,
  index: number,
  executionId: string,
  context: Readonly<Record<string, unknown>>,
): NodeInput {
  const { workflow } = state;
  return {
    executionId,
    workflowId: workflow.id,
    nodeId: workflow.idOf(index),
    attempt: state.attempts[index] as number,
    context,
    dependencies: dependencyOutputsOf(state, index),
    artifacts: dependencyArtifactsOf(state, index),
    skippedDependencies: skippedDependencyIdsOf(state, index),
    config: workflow.settingsOf(index).config,
  };
}
