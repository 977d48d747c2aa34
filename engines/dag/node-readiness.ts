import { dependencyOutputsOf } from './dependency-inputs.js';
import { ConditionError } from './errors.js';
import type { SkipReason } from './workflow-result.js';
import type { RunState } from './run-state.js';

/** What happens to a PENDING node once all its dependencies settled without failure. */
export type Readiness = 'ready' | SkipReason | ConditionError;

/**
 * Applies the node's skip rule, then its condition (which reads the dependencies' outputs as `inputs`).
 */
export function decideReadiness(state: RunState, index: number, context: Readonly<Record<string, unknown>>): Readiness {
  const skipped = state.skippedDependencies[index] ?? 0;
  const { skipRule, condition, config } = state.workflow.settingsOf(index);
  if (
    skipped > 0 &&
    skipRule !== 'run' &&
    (skipRule === 'skip-if-any' || skipped === state.workflow.dependencyCount(index))
  ) {
    return 'dependency-skipped';
  }
  if (condition === undefined) return 'ready';
  try {
    return condition({ context, inputs: dependencyOutputsOf(state, index), config }) ? 'ready' : 'condition-false';
  } catch (error) {
    return error instanceof ConditionError ? error : new ConditionError(String(error), { cause: error });
  }
}
