import type { RunState } from './run-state.js';

const EMPTY_RECORD: Readonly<Record<string, never>> = Object.freeze({});
const EMPTY_IDS: readonly string[] = Object.freeze([]);

// What a node reads from its dependencies, by dependency id. Built fresh for each attempt and not kept in the run
// state: records that die with the attempt's input cost the garbage collector nothing, while records kept for the
// whole run (10,000 runs alive at once) were a fifth of a no-op DAG's run time. A node is dispatched only after
// every dependency is COMPLETED or SKIPPED, and neither changes again within a run.

/** Outputs of the node's COMPLETED dependencies. */
export function dependencyOutputsOf(state: RunState, index: number): Readonly<Record<string, unknown>> {
  const { workflow } = state;
  const { dependencies } = workflow;
  const end = dependencies.offsets[index + 1] as number;
  let outputs: Record<string, unknown> | undefined;
  for (let e = dependencies.offsets[index] as number; e < end; e++) {
    const dependency = dependencies.list[e] as number;
    if (state.status[dependency] === 'COMPLETED')
      (outputs ??= {})[workflow.idOf(dependency)] = state.outputs[dependency];
  }
  return outputs ?? EMPTY_RECORD;
}

/** Artifacts of the node's COMPLETED dependencies that produced any. */
export function dependencyArtifactsOf(
  state: RunState,
  index: number,
): Readonly<Record<string, Readonly<Record<string, unknown>>>> {
  // The sparse artifacts array stays empty until some node of the run produced artifacts.
  if (state.artifacts.length === 0) return EMPTY_RECORD;
  const { workflow } = state;
  const { dependencies } = workflow;
  const end = dependencies.offsets[index + 1] as number;
  let artifacts: Record<string, Readonly<Record<string, unknown>>> | undefined;
  for (let e = dependencies.offsets[index] as number; e < end; e++) {
    const dependency = dependencies.list[e] as number;
    const produced = state.artifacts[dependency];
    if (produced !== undefined && state.status[dependency] === 'COMPLETED')
      (artifacts ??= {})[workflow.idOf(dependency)] = produced;
  }
  return artifacts ?? EMPTY_RECORD;
}

/** Ids of the node's SKIPPED dependencies. */
export function skippedDependencyIdsOf(state: RunState, index: number): readonly string[] {
  if ((state.skippedDependencies[index] ?? 0) === 0) return EMPTY_IDS;
  const { workflow } = state;
  const { dependencies } = workflow;
  const end = dependencies.offsets[index + 1] as number;
  const skipped: string[] = [];
  for (let e = dependencies.offsets[index] as number; e < end; e++) {
    const dependency = dependencies.list[e] as number;
    if (state.status[dependency] === 'SKIPPED') skipped.push(workflow.idOf(dependency));
  }
  return skipped;
}
