/** What a condition sees: the run's context, the dependencies' outputs and the node's config. */
export interface ConditionScope {
  readonly context: Readonly<Record<string, unknown>>;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly config: Readonly<Record<string, unknown>>;
}

export const CONDITION_ROOTS: readonly (keyof ConditionScope)[] = ['context', 'inputs', 'config'];
