/** Why a node was skipped: its condition was false, or its dependencies were skipped (see whenDependencySkipped). */
export type SkipReason = 'condition-false' | 'dependency-skipped';

interface NodeResultBase {
  readonly id: string;
  /** Attempts made in this run (a resumed run counts from zero). */
  readonly attempts: number;
}

interface NodeTiming {
  /** Executor clock (`now`) at the first attempt's start and the last attempt's end, and their difference. */
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly durationMs: number;
}

/** Per-node outcome of a run, discriminated by `status`. */
export type NodeResult =
  | (NodeResultBase &
      Partial<NodeTiming> & {
        readonly status: 'COMPLETED';
        readonly output: unknown;
        readonly artifacts: Readonly<Record<string, unknown>> | undefined;
        /** True when the output came from the store on resume and the node did not run again (no timing then). */
        readonly restored: boolean;
      })
  | (NodeResultBase & Partial<NodeTiming> & { readonly status: 'FAILED'; readonly error: Error })
  | (NodeResultBase & { readonly status: 'SKIPPED'; readonly reason: SkipReason })
  | (NodeResultBase & { readonly status: 'BLOCKED'; readonly blockedBy: string })
  /** Never finished: the run was cancelled first. */
  | (NodeResultBase & { readonly status: 'PENDING' | 'READY' | 'RUNNING' });

export type WorkflowResultStatus = 'COMPLETED' | 'FAILED' | 'CANCELLED';

/** The typed outcome of one run; expected failures are data here, not exceptions. */
export interface WorkflowResult {
  readonly executionId: string;
  readonly workflowId: string;
  readonly status: WorkflowResultStatus;
  /** True when this run continued a stored execution. */
  readonly resumed: boolean;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly durationMs: number;
  /** Every node, in definition order. */
  readonly nodes: readonly NodeResult[];
  readonly counts: Readonly<Record<NodeResult['status'], number>>;
  /** Why the run as a whole failed or was cancelled when no node explains it (store write failure, cancel reason). */
  readonly error: Error | undefined;
  /** Event listener calls that threw or rejected (they never break a run). */
  readonly listenerErrors: number;
}
