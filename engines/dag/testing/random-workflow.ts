import fc from 'fast-check';

/** What a generated node does when it runs. */
export type Behaviour =
  | { readonly kind: 'ok' }
  | { readonly kind: 'fail' }
  /** Never settles on its own: only its timeout (always set) or an abort ends it. */
  | { readonly kind: 'hang' }
  /** Fails its first `failures` attempts that run to the end, then succeeds. */
  | { readonly kind: 'flaky'; readonly failures: number };

export interface NodeSpec {
  readonly dependencies: readonly number[];
  readonly behaviour: Behaviour;
  /** Virtual ms of work before the outcome. */
  readonly delayMs: number;
  readonly retries: number;
  readonly timeoutMs: number | undefined;
  /** undefined: no condition; otherwise the value of its `context.flags.<id>` gate. */
  readonly gate: boolean | undefined;
}

export interface DagSpec {
  readonly nodes: readonly NodeSpec[];
}

const behaviourArbitrary: fc.Arbitrary<Behaviour> = fc.oneof(
  { weight: 14, arbitrary: fc.constant<Behaviour>({ kind: 'ok' }) },
  { weight: 2, arbitrary: fc.constant<Behaviour>({ kind: 'fail' }) },
  { weight: 1, arbitrary: fc.constant<Behaviour>({ kind: 'hang' }) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 3 }).map<Behaviour>((failures) => ({ kind: 'flaky', failures })) },
);

const nodeArbitrary = fc.record({
  rawDependencies: fc.uniqueArray(fc.nat(100_000), { maxLength: 4 }),
  behaviour: behaviourArbitrary,
  delayMs: fc.integer({ min: 0, max: 40 }),
  retries: fc.integer({ min: 0, max: 2 }),
  timed: fc.boolean(),
  gate: fc.option(fc.boolean(), { freq: 6, nil: undefined }),
});

/** Random DAGs with random failures, hangs (always under a timeout), flaky nodes and condition gates. */
export function dagArbitrary(maxNodes: number): fc.Arbitrary<DagSpec> {
  return fc.array(nodeArbitrary, { maxLength: maxNodes, size: 'max' }).map((raw) => ({
    nodes: raw.map((node, index): NodeSpec => ({
      dependencies:
        index === 0 ? [] : [...new Set(node.rawDependencies.map((value) => value % index))].sort((a, b) => a - b),
      behaviour: node.behaviour,
      delayMs: node.delayMs,
      retries: node.retries,
      timeoutMs: node.behaviour.kind === 'hang' || node.timed ? 100 : undefined,
      gate: node.gate,
    })),
  }));
}

export type ExpectedStatus = 'COMPLETED' | 'FAILED' | 'SKIPPED' | 'BLOCKED';

/** The outcome the engine must produce for each node (default skip rule), computed in topological order. */
export function expectedStatuses(spec: DagSpec): ExpectedStatus[] {
  const result: ExpectedStatus[] = [];
  spec.nodes.forEach((node, index) => {
    const dependencyStatuses = node.dependencies.map((dependency) => result[dependency]);
    let status: ExpectedStatus;
    if (dependencyStatuses.some((s) => s === 'FAILED' || s === 'BLOCKED')) status = 'BLOCKED';
    else if (dependencyStatuses.length > 0 && dependencyStatuses.every((s) => s === 'SKIPPED')) status = 'SKIPPED';
    else if (node.gate === false) status = 'SKIPPED';
    else status = succeeds(node) ? 'COMPLETED' : 'FAILED';
    result[index] = status;
  });
  return result;
}

function succeeds(node: NodeSpec): boolean {
  switch (node.behaviour.kind) {
    case 'ok':
      return node.delayMs < (node.timeoutMs ?? Number.POSITIVE_INFINITY);
    case 'fail':
    case 'hang':
      return false;
    case 'flaky':
      return node.behaviour.failures <= node.retries && node.delayMs < (node.timeoutMs ?? Number.POSITIVE_INFINITY);
  }
}
