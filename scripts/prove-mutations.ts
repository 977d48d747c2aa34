import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

// The engine breakages `npm run prove` applies, one at a time, to a copy of the repository: each names the exact text
// it replaces, so a refactor that moves that text makes `prove-mutations.test.ts` (in npm test) fail at once, not the
// next `npm run prove`.

export interface Mutation {
  readonly id: string;
  readonly description: string;
  /** Where the target lives; several candidates when an engine is mid-refactor (exactly one must match). */
  readonly files: readonly string[];
  readonly find: string;
  readonly replace: string;
  /** E2E ids that must all fail with the mutation applied. */
  readonly tests: readonly string[];
}

export const MUTATIONS: readonly Mutation[] = [
  {
    id: 'dag-noop-executor',
    // In the compiled workflow, so every call path (fast path, retries, timeouts) runs the no-op instead of the node's work.
    description: "DAG engine gives every node the no-op executor; nodes 'complete' with undefined",
    files: ['engines/dag/compile-workflow.ts'],
    find: 'return (this.definitionNodes[index] as NodeDefinition).executor ?? noOp;',
    replace: 'return noOp;',
    tests: ['E2E-101', 'E2E-104', 'E2E-113', 'E2E-115'],
  },
  {
    id: 'dag-no-backoff',
    description: 'DAG retries immediately, ignoring the backoff delay it announces',
    files: ['engines/dag/run-with-policies.ts', 'engines/dag/workflow-run.ts'],
    find: 'if (delayMs > 0) await sleep(delayMs, { signal, ',
    replace: 'if (delayMs < 0) await sleep(delayMs, { signal, ',
    tests: ['E2E-113'],
  },
  {
    id: 'dag-timeout-keeps-running',
    description: 'a per-node timeout rejects the attempt but never aborts its signal',
    files: ['engines/dag/run-attempt.ts'],
    find: 'if (error === timeoutError) controller.abort(timeoutError);',
    replace: '',
    tests: ['E2E-115'],
  },
  {
    id: 'bdv-pass-without-calling',
    description: 'BDV runner reports every matched step passed without calling it',
    files: ['engines/bdv/scenario-runner.ts'],
    find: "if (this.#skipping || this.#context.dryRun) return this.#result('step', step.id, step.text, 'skipped', ids);",
    replace:
      "if (this.#skipping || this.#context.dryRun) return this.#result('step', step.id, step.text, 'skipped', ids);\n    return this.#result('step', step.id, step.text, 'passed', ids);",
    tests: ['E2E-103', 'E2E-104', 'E2E-111'],
  },
  {
    id: 'acc-scanner-finds-nothing',
    description: 'ACC import scanner returns no imports',
    files: ['engines/acc/scan/import-scanner.ts'],
    find: 'return withReferences(text, new ImportGrammar(new Lexer(text), text, true).run());',
    replace: 'return [];',
    tests: ['E2E-102', 'E2E-110', 'E2E-112'],
  },
  {
    id: 'lock-acquire-does-not-wait',
    description: 'lock manager queues a contended request but returns at once instead of waiting for the grant',
    files: ['engines/sync/lock-manager.ts'],
    find: '    await waiter.promise;\n  }',
    replace: '    void waiter.promise.catch(() => undefined);\n  }',
    tests: ['E2E-104', 'E2E-105', 'E2E-106'],
  },
  {
    id: 'coordinator-crash-escapes',
    description: "coordinator lets a stream's crash escape instead of recording it as that stream's result",
    files: ['engines/coordinator/run-isolated.ts'],
    find: "(error: unknown): Settlement<D> => ((settled = true), { kind: 'error', error }),",
    replace: '(error: unknown): Settlement<D> => {\n      settled = true;\n      throw error;\n    },',
    tests: ['E2E-114'],
  },
  {
    id: 'pool-no-size-cap',
    description: 'resource pool creates a resource for every waiting borrower, ignoring max',
    files: ['engines/sync/pool.ts'],
    find: "while (this.state === 'open' && uncovered > 0 && this.size() < this.options.max) {",
    replace: "while (this.state === 'open' && uncovered > 0) {",
    tests: ['E2E-108', 'E2E-109'],
  },
];

/** The one candidate file holding the mutation's target exactly once; throws (loudly) otherwise. */
export async function locateTarget(copy: string, m: Mutation): Promise<string> {
  const hits: string[] = [];
  for (const file of m.files) {
    const text = await readFile(join(copy, file), 'utf8').catch(() => '');
    const count = text.split(m.find).length - 1;
    if (count > 1)
      throw new Error(`mutation ${m.id}: "${m.find}" occurs ${count} times in ${file}; make the target unique`);
    if (count === 1) hits.push(file);
  }
  if (hits.length !== 1) {
    throw new Error(
      `mutation ${m.id}: expected "${m.find}" in exactly one of ${m.files.join(', ')}, found it in ${hits.length}; update the proof script`,
    );
  }
  return hits[0] as string;
}
