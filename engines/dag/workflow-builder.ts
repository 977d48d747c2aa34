import type { NodeDefinition, NodeExecutor, WorkflowDefinition } from './types.js';

export type NodeOptions = Omit<NodeDefinition, 'id' | 'executor'>;

/** Fluent construction of a {@link WorkflowDefinition}; `build()` returns plain, frozen data. */
export class WorkflowBuilder {
  private readonly nodes: NodeDefinition[] = [];

  constructor(
    private readonly id: string,
    private readonly name?: string,
  ) {}

  /** Adds a node; `executor` may be omitted for PARALLEL_GROUP and CHECKPOINT nodes. */
  node(id: string, executor: NodeExecutor | undefined, options: NodeOptions = {}): this {
    this.nodes.push(Object.freeze(executor === undefined ? { ...options, id } : createNode(id, executor, options)));
    return this;
  }

  /** Returns the definition; validation happens in validateWorkflow or when a run starts. */
  build(): WorkflowDefinition {
    const nodes = Object.freeze([...this.nodes]);
    return Object.freeze(this.name === undefined ? { id: this.id, nodes } : { id: this.id, name: this.name, nodes });
  }
}

/** Starts a workflow definition: `defineWorkflow('release').node('build', build).node('test', test, { dependsOn: ['build'] }).build()`. */
export function defineWorkflow(id: string, name?: string): WorkflowBuilder {
  return new WorkflowBuilder(id, name);
}

/**
 * `{ id, executor, ...options }` is several times cheaper for V8 than spreading `options` first (it matters when
 * thousands of workflows are built at once); options that smuggle in an `id` or `executor` must not win, though.
 */
function createNode(id: string, executor: NodeExecutor, options: NodeOptions): NodeDefinition {
  if (Object.hasOwn(options, 'id') || Object.hasOwn(options, 'executor')) return { ...options, id, executor };
  return { id, executor, ...options };
}
