import type { CompiledNode } from './compile-workflow.js';
import { ConditionError } from './errors.js';
import type { SkipReason } from './events.js';
import type { RunState } from './run-state.js';

const EMPTY_RECORD: Readonly<Record<string, never>> = Object.freeze({});

/** What happens to a PENDING node once all its dependencies settled without failure. */
export type Readiness = 'ready' | SkipReason | ConditionError;

/**
 * Applies the node's skip rule, then its condition. Fills the node's dependency inputs (which the condition reads
 * as `inputs`) unless the node is skipped for its dependencies.
 */
export function decideReadiness(state: RunState, node: CompiledNode, context: Readonly<Record<string, unknown>>): Readiness {
  const index = node.index;
  const skipped = state.skippedDependencies[index] ?? 0;
  const { skipRule, condition, config } = node.settings;
  if (skipped > 0 && skipRule !== 'run' && (skipRule === 'skip-if-any' || skipped === state.workflow.dependencyCount(index))) {
    return 'dependency-skipped';
  }
  collectDependencyInputs(state, node);
  if (condition === undefined) return 'ready';
  try {
    return condition({ context, inputs: state.dependencyOutputs[index] ?? EMPTY_RECORD, config }) ? 'ready' : 'condition-false';
  } catch (error) {
    return error instanceof ConditionError ? error : new ConditionError(String(error), { cause: error });
  }
}

/** Records, by dependency id, the outputs and artifacts of COMPLETED dependencies and the ids of SKIPPED ones. */
function collectDependencyInputs(state: RunState, node: CompiledNode): void {
  const { nodes, dependencies } = state.workflow;
  const first = dependencies.offsets[node.index] as number;
  const end = dependencies.offsets[node.index + 1] as number;
  if (first === end) return;
  let outputs: Record<string, unknown> | undefined;
  let artifacts: Record<string, Readonly<Record<string, unknown>>> | undefined;
  let skippedIds: string[] | undefined;
  for (let e = first; e < end; e++) {
    const dependency = dependencies.list[e] as number;
    const id = (nodes[dependency] as CompiledNode).id;
    if (state.status[dependency] === 'COMPLETED') {
      (outputs ??= {})[id] = state.outputs[dependency];
      const produced = state.artifacts[dependency];
      if (produced !== undefined) (artifacts ??= {})[id] = produced;
    } else {
      (skippedIds ??= []).push(id);
    }
  }
  // The sparse arrays are written only when there is something to keep, so they stay empty in most runs.
  state.dependencyOutputs[node.index] = outputs;
  if (artifacts !== undefined) state.dependencyArtifacts[node.index] = artifacts;
  if (skippedIds !== undefined) state.skippedDependencyIds[node.index] = skippedIds;
}
