import { createHash } from 'node:crypto';
import { createSeededRandom } from '../seeded-random.js';
import type { NodeDefinition, WorkflowDefinition } from '../types.js';

export interface CrashWorkflowOptions {
  readonly seed: number;
  readonly size: number;
  /** Called when a node's executor starts (the crash test counts re-runs with it). */
  readonly onRun?: (nodeId: string) => void;
  /** Awaited before a node's work (the crash child holds new nodes back once the parent is about to kill it). */
  readonly beforeWork?: () => Promise<void> | undefined;
}

/** The deterministic output of a node: a hash chained over its dependencies' outputs (real CPU work, ~1 ms). */
export function computeNodeOutput(nodeId: string, dependencyOutputs: readonly string[]): string {
  let digest = `${nodeId}:${dependencyOutputs.join(',')}`;
  for (let i = 0; i < 400; i++) digest = createHash('sha256').update(digest).digest('hex');
  return digest;
}

/** A seeded random DAG whose every node hashes its dependencies' outputs; same seed, same workflow. */
export function buildCrashWorkflow(options: CrashWorkflowOptions): WorkflowDefinition {
  const random = createSeededRandom(options.seed);
  const nodes: NodeDefinition[] = [];
  for (let i = 0; i < options.size; i++) {
    const id = `n${i}`;
    const dependsOn = [
      ...new Set(Array.from({ length: Math.floor(random() * 3) }, () => `n${Math.floor(random() * i)}`)),
    ].filter(() => i > 0);
    nodes.push({
      id,
      dependsOn,
      executor: async (input) => {
        options.onRun?.(id);
        await options.beforeWork?.();
        // Yield first so several nodes interleave and the kill can land between any two steps.
        await new Promise<void>((resolve) => setImmediate(resolve));
        return computeNodeOutput(
          id,
          dependsOn.map((dependency) => input.dependencies[dependency] as string),
        );
      },
    });
  }
  return { id: `crash-${options.seed}`, nodes };
}

/** What every output must be once the workflow completed, computed without the engine. */
export function expectedCrashOutputs(workflow: WorkflowDefinition): Map<string, string> {
  const outputs = new Map<string, string>();
  for (const node of workflow.nodes) {
    outputs.set(
      node.id,
      computeNodeOutput(
        node.id,
        (node.dependsOn ?? []).map((dependency) => outputs.get(dependency) as string),
      ),
    );
  }
  return outputs;
}
