import { compileCondition } from './condition/compile-condition.js';
import type { ConditionScope } from './condition/condition-scope.js';
import { WorkflowValidationError } from './errors.js';
import { findCycles } from './find-cycles.js';
import { findRetryPolicyProblems, normalizeRetryPolicy, type NormalizedRetryPolicy } from './retry-policy.js';
import {
  NODE_TYPES,
  PASS_THROUGH_TYPES,
  type NodeDefinition,
  type NodeExecutor,
  type NodeType,
  type SkippedDependencyRule,
  type WorkflowDefinition,
} from './types.js';
import type { ValidationProblem } from './validation-problem.js';

/** A validated node with its edges resolved to indexes, ready for the scheduler. */
export interface CompiledNode {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly type: NodeType;
  readonly executor: NodeExecutor;
  readonly dependencies: readonly number[];
  readonly dependents: readonly number[];
  readonly retry: NormalizedRetryPolicy | undefined;
  readonly timeoutMs: number | undefined;
  readonly condition: ((scope: ConditionScope) => boolean) | undefined;
  readonly config: Readonly<Record<string, unknown>>;
  readonly skipRule: SkippedDependencyRule;
}

export interface CompiledWorkflow {
  readonly id: string;
  readonly name: string;
  readonly nodes: readonly CompiledNode[];
  readonly indexById: ReadonlyMap<string, number>;
}

export interface WorkflowAnalysis {
  readonly problems: readonly ValidationProblem[];
  /** Present only when there are no problems. */
  readonly compiled: CompiledWorkflow | undefined;
}

const SKIP_RULES: readonly SkippedDependencyRule[] = ['skip-if-all', 'skip-if-any', 'run'];
const EMPTY_CONFIG: Readonly<Record<string, unknown>> = Object.freeze({});
const noOp: NodeExecutor = () => undefined;

/** Checks a definition, collecting every problem, and compiles it when there are none. */
export function analyzeWorkflow(definition: WorkflowDefinition): WorkflowAnalysis {
  const problems: ValidationProblem[] = [];
  if (typeof definition.id !== 'string' || definition.id.length === 0) {
    problems.push({ code: 'INVALID_WORKFLOW_ID', message: 'workflow id must be a non-empty string' });
  }
  const nodes = definition.nodes;
  const indexById = new Map<string, number>();
  nodes.forEach((node, index) => {
    if (typeof node.id !== 'string' || node.id.length === 0) {
      problems.push({ code: 'INVALID_NODE_ID', message: `node #${index} has no id (a non-empty string is required)` });
    } else if (indexById.has(node.id)) {
      problems.push({ code: 'DUPLICATE_ID', nodeId: node.id, message: `node id "${node.id}" is used more than once` });
    } else {
      indexById.set(node.id, index);
    }
  });

  const dependencyIndexes: number[][] = nodes.map(() => []);
  const conditions: (((scope: ConditionScope) => boolean) | undefined)[] = [];
  nodes.forEach((node, index) => {
    checkNode(node, problems);
    conditions.push(compileNodeCondition(node, problems));
    const dependsOn = node.dependsOn ?? [];
    for (let d = 0; d < dependsOn.length; d++) {
      const dependencyId = dependsOn[d] as string;
      if (dependsOn.indexOf(dependencyId) !== d) {
        problems.push({ code: 'DUPLICATE_DEPENDENCY', nodeId: node.id, message: `node "${node.id}" lists dependency "${dependencyId}" twice` });
        continue;
      }
      const dependencyIndex = indexById.get(dependencyId);
      if (dependencyIndex === undefined) {
        problems.push({ code: 'UNKNOWN_DEPENDENCY', nodeId: node.id, message: `node "${node.id}" depends on unknown node "${dependencyId}"` });
      } else {
        dependencyIndexes[index]?.push(dependencyIndex);
      }
    }
  });

  const dependents = invertEdges(dependencyIndexes);
  // Most workflows are acyclic: a linear-time topological check spares them the cycle enumeration.
  const { cycles, truncated } = isAcyclic(dependencyIndexes, dependents)
    ? { cycles: [], truncated: false }
    : findCycles(
        nodes.map((node) => node.id),
        dependencyIndexes,
      );
  for (const path of cycles) {
    problems.push({ code: 'CYCLE', path, message: `dependency cycle: ${path.join(' -> ')}` });
  }
  if (truncated) {
    problems.push({ code: 'CYCLES_TRUNCATED', message: `more dependency cycles exist than the ${cycles.length} listed` });
  }
  if (problems.length > 0) return { problems, compiled: undefined };
  return { problems, compiled: buildCompiled(definition, dependencyIndexes, dependents, conditions, indexById) };
}

/** Compiles a definition or throws a WorkflowValidationError listing every problem. */
export function compileWorkflow(definition: WorkflowDefinition): CompiledWorkflow {
  const { problems, compiled } = analyzeWorkflow(definition);
  if (compiled === undefined) throw new WorkflowValidationError(String(definition.id), problems);
  return compiled;
}

function checkNode(node: NodeDefinition, problems: ValidationProblem[]): void {
  const type = node.type ?? 'CUSTOM';
  const at = { nodeId: node.id };
  if (!NODE_TYPES.includes(type)) {
    problems.push({ ...at, code: 'INVALID_NODE_TYPE', message: `node "${node.id}" has unknown type "${String(type)}"` });
  }
  if (typeof node.executor !== 'function' && !PASS_THROUGH_TYPES.has(type)) {
    problems.push({ ...at, code: 'MISSING_EXECUTOR', message: `node "${node.id}" of type ${String(type)} needs an executor function` });
  }
  if (type === 'CONDITIONAL' && node.condition === undefined) {
    problems.push({ ...at, code: 'MISSING_CONDITION', message: `CONDITIONAL node "${node.id}" needs a condition` });
  }
  if (node.retry !== undefined) {
    for (const problem of findRetryPolicyProblems(node.retry)) {
      problems.push({ ...at, code: 'INVALID_RETRY_POLICY', message: `node "${node.id}" retry policy: ${problem}` });
    }
  }
  if (node.timeoutMs !== undefined && !(Number.isFinite(node.timeoutMs) && node.timeoutMs > 0)) {
    problems.push({ ...at, code: 'INVALID_TIMEOUT', message: `node "${node.id}" timeoutMs must be a finite number > 0, got ${String(node.timeoutMs)}` });
  }
  if (node.whenDependencySkipped !== undefined && !SKIP_RULES.includes(node.whenDependencySkipped)) {
    problems.push({ ...at, code: 'INVALID_SKIP_RULE', message: `node "${node.id}" whenDependencySkipped must be one of ${SKIP_RULES.join(', ')}` });
  }
}

function compileNodeCondition(node: NodeDefinition, problems: ValidationProblem[]): ((scope: ConditionScope) => boolean) | undefined {
  if (node.condition === undefined) return undefined;
  if (typeof node.condition !== 'string' && typeof node.condition !== 'function') {
    problems.push({ nodeId: node.id, code: 'INVALID_CONDITION', message: `node "${node.id}" condition must be an expression string or a predicate` });
    return undefined;
  }
  try {
    return compileCondition(node.condition);
  } catch (error) {
    problems.push({ nodeId: node.id, code: 'INVALID_CONDITION', message: `node "${node.id}": ${(error as Error).message}` });
    return undefined;
  }
}

function buildCompiled(
  definition: WorkflowDefinition,
  dependencyIndexes: readonly number[][],
  dependents: readonly number[][],
  conditions: readonly (((scope: ConditionScope) => boolean) | undefined)[],
  indexById: ReadonlyMap<string, number>,
): CompiledWorkflow {
  const nodes = definition.nodes.map(
    (node, index): CompiledNode => ({
      index,
      id: node.id,
      name: node.name ?? node.id,
      type: node.type ?? 'CUSTOM',
      executor: node.executor ?? noOp,
      dependencies: dependencyIndexes[index] ?? [],
      dependents: dependents[index] ?? [],
      retry: node.retry === undefined || node.retry.retries === 0 ? undefined : normalizeRetryPolicy(node.retry),
      timeoutMs: node.timeoutMs,
      condition: conditions[index],
      config: node.config ?? EMPTY_CONFIG,
      skipRule: node.whenDependencySkipped ?? 'skip-if-all',
    }),
  );
  return { id: definition.id, name: definition.name ?? definition.id, nodes, indexById };
}

function invertEdges(edges: readonly (readonly number[])[]): number[][] {
  const inverted: number[][] = [];
  for (let i = 0; i < edges.length; i++) inverted.push([]);
  for (let i = 0; i < edges.length; i++) {
    for (const target of edges[i] as readonly number[]) (inverted[target] as number[]).push(i);
  }
  return inverted;
}

/** Kahn's algorithm over `edges[i]` = dependencies of i: true when every node can be ordered. */
function isAcyclic(edges: readonly (readonly number[])[], dependents: readonly (readonly number[])[]): boolean {
  const count = edges.length;
  const remaining = new Int32Array(count);
  const queue: number[] = [];
  for (let i = 0; i < count; i++) {
    const dependencies = (edges[i] as readonly number[]).length;
    remaining[i] = dependencies;
    if (dependencies === 0) queue.push(i);
  }
  let ordered = 0;
  while (queue.length > 0) {
    const node = queue.pop() as number;
    ordered++;
    for (const dependent of dependents[node] as readonly number[]) {
      const left = (remaining[dependent] as number) - 1;
      remaining[dependent] = left;
      if (left === 0) queue.push(dependent);
    }
  }
  return ordered === count;
}
