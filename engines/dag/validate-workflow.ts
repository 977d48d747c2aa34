import { analyzeWorkflow } from './compile-workflow.js';
import type { WorkflowDefinition } from './types.js';
import type { ValidationProblem } from './validation-problem.js';

export interface ValidationResult {
  readonly valid: boolean;
  readonly problems: readonly ValidationProblem[];
}

/**
 * Checks a workflow without running it and reports every problem at once: duplicate and missing ids, unknown or
 * repeated dependencies, each dependency cycle as its full path, unknown node types, missing executors, bad
 * conditions, retry policies and timeouts. Disconnected graphs and empty workflows are valid.
 */
export function validateWorkflow(definition: WorkflowDefinition): ValidationResult {
  const { problems } = analyzeWorkflow(definition);
  return { valid: problems.length === 0, problems };
}
