import { compileCondition } from './condition/compile-condition.js';
import type { ConditionScope } from './condition/condition-scope.js';
import { WorkflowValidationError } from './errors.js';
import { invertEdgeLists, isAcyclic, toAdjacencyArrays, type EdgeLists } from './edge-lists.js';
import { findCycles } from './find-cycles.js';
import { findRetryPolicyProblems, normalizeRetryPolicy, type NormalizedRetryPolicy } from './retry-policy.js';
import {
  NODE_TYPES,
  PASS_THROUGH_TYPES,
  type NodeDefinition,
  type NodeExecutor,
  type SkippedDependencyRule,
  type WorkflowDefinition,
} from './types.js';
import type { ValidationProblem } from './validation-problem.js';

/** A node's policies; nodes that set none share {@link DEFAULT_SETTINGS}. */
export interface NodeSettings {
  readonly retry: NormalizedRetryPolicy | undefined;
  readonly timeoutMs: number | undefined;
  readonly condition: ((scope: ConditionScope) => boolean) | undefined;
  readonly config: Readonly<Record<string, unknown>>;
  readonly skipRule: SkippedDependencyRule;
}

/**
 * A validated workflow, ready for the scheduler, which knows nodes by index (their position in the definition).
 * Ids and executors are read from the definition's own (frozen) node objects rather than copied into a compiled
 * node each: with 10,000 distinct small workflows alive at once, those copies were a third of the compiled size,
 * and what a run keeps alive is what the garbage collector pays for. Name and type change nothing at run time.
 */
export class CompiledWorkflow {
  /** Built on first use: the scheduler works with indexes only, and keeping a map per workflow is costly. */
  private byId: Map<string, number> | undefined;
  /** Number of nodes. */
  readonly size: number;

  constructor(
    readonly id: string,
    readonly name: string,
    private readonly definitionNodes: readonly NodeDefinition[],
    /** Settings of the nodes that set any policy; the others use {@link DEFAULT_SETTINGS}. Sparse. */
    private readonly customSettings: readonly (NodeSettings | undefined)[],
    /** What each node waits for. */
    readonly dependencies: EdgeLists,
    /** Who waits for each node, in ascending order. */
    readonly dependents: EdgeLists,
  ) {
    this.size = definitionNodes.length;
  }

  idOf(index: number): string {
    return (this.definitionNodes[index] as NodeDefinition).id;
  }

  executorOf(index: number): NodeExecutor {
    return (this.definitionNodes[index] as NodeDefinition).executor ?? noOp;
  }

  settingsOf(index: number): NodeSettings {
    return this.customSettings[index] ?? DEFAULT_SETTINGS;
  }

  indexOf(nodeId: string): number | undefined {
    if (this.byId === undefined) {
      const byId = new Map<string, number>();
      for (let index = 0; index < this.size; index++) byId.set(this.idOf(index), index);
      this.byId = byId;
    }
    return this.byId.get(nodeId);
  }

  dependencyCount(index: number): number {
    return (this.dependencies.offsets[index + 1] as number) - (this.dependencies.offsets[index] as number);
  }
}

export interface WorkflowAnalysis {
  readonly problems: readonly ValidationProblem[];
  /** Present only when there are no problems. */
  readonly compiled: CompiledWorkflow | undefined;
}

type Condition = (scope: ConditionScope) => boolean;

const SKIP_RULES: readonly SkippedDependencyRule[] = ['skip-if-all', 'skip-if-any', 'run'];
const EMPTY_CONFIG: Readonly<Record<string, unknown>> = Object.freeze({});
const noOp: NodeExecutor = () => undefined;
const DEFAULT_SETTINGS: NodeSettings = Object.freeze({
  retry: undefined,
  timeoutMs: undefined,
  condition: undefined,
  config: EMPTY_CONFIG,
  skipRule: 'skip-if-all',
});

/**
 * Checks a definition, collecting every problem, and compiles it when there are none. Plain loops and, on the
 * happy path, no allocation beyond the compiled result and a temporary id map (edge lists are allocated at their exact size, since a
 * compiled workflow lives as long as its definition and an array grown by `push` reserves 17 slots): with 10,000
 * distinct workflows started at once, compiling and the garbage it left were a large part of the run time.
 */
export function analyzeWorkflow(definition: WorkflowDefinition): WorkflowAnalysis {
  const problems: ValidationProblem[] = [];
  if (typeof definition.id !== 'string' || definition.id.length === 0) {
    problems.push({ code: 'INVALID_WORKFLOW_ID', message: 'workflow id must be a non-empty string' });
  }
  const nodes = definition.nodes;
  const count = nodes.length;
  // A Map even for small workflows: ids are rarely interned strings, and comparing them one by one in a linear
  // scan cost a third more than hashing them.
  const byId = new Map<string, number>();
  for (let index = 0; index < count; index++) {
    const id = (nodes[index] as NodeDefinition).id;
    if (typeof id !== 'string' || id.length === 0) {
      problems.push({ code: 'INVALID_NODE_ID', message: `node #${index} has no id (a non-empty string is required)` });
    } else if (byId.has(id)) {
      problems.push({ code: 'DUPLICATE_ID', nodeId: id, message: `node id "${id}" is used more than once` });
    } else {
      byId.set(id, index);
    }
  }

  let edgeCount = 0;
  for (let index = 0; index < count; index++) edgeCount += (nodes[index] as NodeDefinition).dependsOn?.length ?? 0;
  const offsets: number[] = new Array<number>(count + 1);
  const list: number[] = new Array<number>(edgeCount);
  let at = 0;
  // Definitions usually list a node after its dependencies; then no edge points forward and there is no cycle.
  let forwardEdge = false;
  let conditions: (Condition | undefined)[] | undefined;
  for (let index = 0; index < count; index++) {
    const node = nodes[index] as NodeDefinition;
    checkNode(node, problems);
    if (node.condition !== undefined) (conditions ??= [])[index] = compileNodeCondition(node, problems);
    offsets[index] = at;
    const dependsOn = node.dependsOn;
    if (dependsOn === undefined) continue;
    for (let d = 0; d < dependsOn.length; d++) {
      const dependencyId = dependsOn[d] as string;
      if (dependsOn.indexOf(dependencyId) !== d) {
        problems.push({
          code: 'DUPLICATE_DEPENDENCY',
          nodeId: node.id,
          message: `node "${node.id}" lists dependency "${dependencyId}" twice`,
        });
        continue;
      }
      const dependencyIndex = byId.get(dependencyId);
      if (dependencyIndex === undefined) {
        problems.push({
          code: 'UNKNOWN_DEPENDENCY',
          nodeId: node.id,
          message: `node "${node.id}" depends on unknown node "${dependencyId}"`,
        });
      } else {
        list[at++] = dependencyIndex;
        if (dependencyIndex >= index) forwardEdge = true;
      }
    }
  }
  offsets[count] = at;
  if (at !== list.length) list.length = at;
  const dependencies: EdgeLists = { offsets, list };
  const dependents = invertEdgeLists(dependencies, count);

  // Otherwise a linear-time topological check spares acyclic workflows the cycle enumeration.
  if (forwardEdge && !isAcyclic(dependencies, dependents, count)) {
    const { cycles, truncated } = findCycles(
      nodes.map((node) => node.id),
      toAdjacencyArrays(dependencies, count),
    );
    for (const path of cycles) {
      problems.push({ code: 'CYCLE', path, message: `dependency cycle: ${path.join(' -> ')}` });
    }
    if (truncated) {
      problems.push({
        code: 'CYCLES_TRUNCATED',
        message: `more dependency cycles exist than the ${cycles.length} listed`,
      });
    }
  }
  if (problems.length > 0) return { problems, compiled: undefined };
  return { problems, compiled: buildCompiled(definition, dependencies, dependents, conditions) };
}

const compiledByDefinition = new WeakMap<WorkflowDefinition, CompiledWorkflow>();

/**
 * {@link compileWorkflow} once per definition object, shared by every executor: runs of the same definition reuse
 * its compiled form. Definitions are treated as immutable (the builder freezes them).
 */
export function compileWorkflowCached(definition: WorkflowDefinition): CompiledWorkflow {
  let compiled = compiledByDefinition.get(definition);
  if (compiled === undefined) {
    compiled = compileWorkflow(definition);
    compiledByDefinition.set(definition, compiled);
  }
  return compiled;
}

/** Compiles a definition or throws a WorkflowValidationError listing every problem. */
export function compileWorkflow(definition: WorkflowDefinition): CompiledWorkflow {
  const { problems, compiled } = analyzeWorkflow(definition);
  if (compiled === undefined) throw new WorkflowValidationError(String(definition.id), problems);
  return compiled;
}

function checkNode(node: NodeDefinition, problems: ValidationProblem[]): void {
  const type = node.type ?? 'CUSTOM';
  const nodeId = node.id;
  if (!NODE_TYPES.includes(type)) {
    problems.push({
      nodeId,
      code: 'INVALID_NODE_TYPE',
      message: `node "${nodeId}" has unknown type "${String(type)}"`,
    });
  }
  if (typeof node.executor !== 'function' && !PASS_THROUGH_TYPES.has(type)) {
    problems.push({
      nodeId,
      code: 'MISSING_EXECUTOR',
      message: `node "${nodeId}" of type ${String(type)} needs an executor function`,
    });
  }
  if (type === 'CONDITIONAL' && node.condition === undefined) {
    problems.push({ nodeId, code: 'MISSING_CONDITION', message: `CONDITIONAL node "${nodeId}" needs a condition` });
  }
  if (node.retry !== undefined) {
    for (const problem of findRetryPolicyProblems(node.retry)) {
      problems.push({ nodeId, code: 'INVALID_RETRY_POLICY', message: `node "${nodeId}" retry policy: ${problem}` });
    }
  }
  if (node.timeoutMs !== undefined && !(Number.isFinite(node.timeoutMs) && node.timeoutMs > 0)) {
    problems.push({
      nodeId,
      code: 'INVALID_TIMEOUT',
      message: `node "${nodeId}" timeoutMs must be a finite number > 0, got ${String(node.timeoutMs)}`,
    });
  }
  if (node.whenDependencySkipped !== undefined && !SKIP_RULES.includes(node.whenDependencySkipped)) {
    problems.push({
      nodeId,
      code: 'INVALID_SKIP_RULE',
      message: `node "${nodeId}" whenDependencySkipped must be one of ${SKIP_RULES.join(', ')}`,
    });
  }
}

function compileNodeCondition(
  node: NodeDefinition,
  problems: ValidationProblem[],
): ((scope: ConditionScope) => boolean) | undefined {
  if (node.condition === undefined) return undefined;
  if (typeof node.condition !== 'string' && typeof node.condition !== 'function') {
    problems.push({
      nodeId: node.id,
      code: 'INVALID_CONDITION',
      message: `node "${node.id}" condition must be an expression string or a predicate`,
    });
    return undefined;
  }
  try {
    return compileCondition(node.condition);
  } catch (error) {
    problems.push({
      nodeId: node.id,
      code: 'INVALID_CONDITION',
      message: `node "${node.id}": ${(error as Error).message}`,
    });
    return undefined;
  }
}

function buildCompiled(
  definition: WorkflowDefinition,
  dependencies: EdgeLists,
  dependents: EdgeLists,
  conditions: readonly (Condition | undefined)[] | undefined,
): CompiledWorkflow {
  const definitions = definition.nodes;
  const customSettings: NodeSettings[] = [];
  for (let index = 0; index < definitions.length; index++) {
    const node = definitions[index] as NodeDefinition;
    const retry = node.retry === undefined || node.retry.retries === 0 ? undefined : normalizeRetryPolicy(node.retry);
    const condition = conditions?.[index];
    const plain =
      retry === undefined &&
      node.timeoutMs === undefined &&
      condition === undefined &&
      node.config === undefined &&
      node.whenDependencySkipped === undefined;
    if (!plain) {
      customSettings[index] = {
        retry,
        timeoutMs: node.timeoutMs,
        condition,
        config: node.config ?? EMPTY_CONFIG,
        skipRule: node.whenDependencySkipped ?? 'skip-if-all',
      };
    }
  }
  return new CompiledWorkflow(
    definition.id,
    definition.name ?? definition.id,
    definitions,
    customSettings,
    dependencies,
    dependents,
  );
}
