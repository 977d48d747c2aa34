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
    this.nodes.push(Object.freeze(executor === undefined ? { ...options, id } : { ...options, id, executor }));
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
