/** Kinds of problem validation reports. */
export type ValidationProblemCode =
  | 'INVALID_WORKFLOW_ID'
  | 'INVALID_NODE_ID'
  | 'DUPLICATE_ID'
  | 'UNKNOWN_DEPENDENCY'
  | 'DUPLICATE_DEPENDENCY'
  | 'CYCLE'
  | 'CYCLES_TRUNCATED'
  | 'INVALID_NODE_TYPE'
  | 'MISSING_EXECUTOR'
  | 'MISSING_CONDITION'
  | 'INVALID_CONDITION'
  | 'INVALID_RETRY_POLICY'
  | 'INVALID_TIMEOUT'
  | 'INVALID_SKIP_RULE';

/** One problem found in a workflow definition. `nodeId` is absent for workflow-level problems. */
export interface ValidationProblem {
  readonly code: ValidationProblemCode;
  readonly message: string;
  readonly nodeId?: string;
  /** For CYCLE: the full path, first node repeated at the end (`['a', 'b', 'a']`). */
  readonly path?: readonly string[];
}
