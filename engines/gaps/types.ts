/** Severity, as in the original: CRITICAL blocks the phase, HIGH should be fixed, MEDIUM advisory, LOW informational. */
export type GapSeverity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW';

export type GapType =
  | 'MISSING_DIRECTORY'
  | 'MISSING_FILE'
  | 'INSUFFICIENT_FILES'
  | 'BROKEN_IMPORT'
  | 'MISSING_DEPENDENCY'
  | 'INVALID_REFERENCE'
  | 'INCOMPLETE_IMPLEMENTATION'
  | 'CONFIGURATION_ERROR';

export type Phase = 'requirements' | 'design' | 'implementation' | 'testing' | 'deployment';

export const PHASES: readonly Phase[] = ['requirements', 'design', 'implementation', 'testing', 'deployment'];

/** One check; a failed check becomes a gap. `expected`/`actual` are always filled, in words a person can act on. */
export interface CheckResult {
  readonly check: string;
  readonly phase: Phase;
  readonly passed: boolean;
  readonly severity: GapSeverity;
  /** The gap type a failure produces (declared per check, never guessed from its name). */
  readonly gapType: GapType;
  readonly message: string;
  readonly location: string;
  readonly expected: string;
  readonly actual: string;
  readonly fix: string;
  readonly affectedFiles: readonly string[];
}

export type PhaseStatus = 'passed' | 'warning' | 'failed';

export interface PhaseReport {
  readonly phase: Phase;
  readonly status: PhaseStatus;
  readonly checksPassed: number;
  readonly checksFailed: number;
  readonly criticalFailures: number;
  readonly results: readonly CheckResult[];
}

export interface Gap {
  /** `<phase>.<check>`: stable, so a recovery plan can refer to it. */
  readonly id: string;
  readonly type: GapType;
  readonly severity: GapSeverity;
  readonly phase: Phase;
  readonly description: string;
  readonly location: string;
  readonly expected: string;
  readonly actual: string;
  readonly fixSuggestion: string;
  readonly affectedFiles: readonly string[];
  /** Gaps to fix first (e.g. a Dockerfile's broken reference waits for the service it builds). */
  readonly dependsOn: readonly string[];
}

export interface RecoveryStep {
  readonly order: number;
  readonly gapId: string;
  readonly phase: Phase;
  readonly severity: GapSeverity;
  readonly action: string;
}

export type RecoveryApproach = 'FULL_RESTART' | 'INCREMENTAL_COMPLETION' | 'TARGETED_FIXES' | 'POLISH_AND_DEPLOY';

export interface RecoveryPlan {
  readonly approach: RecoveryApproach;
  readonly summary: string;
  /** Dependencies first, then severity, then phase order. */
  readonly steps: readonly RecoveryStep[];
}

export interface GapReport {
  readonly workflowId: string;
  readonly workflowDir: string;
  readonly phases: readonly PhaseReport[];
  readonly gaps: readonly Gap[];
  readonly counts: Readonly<Record<GapSeverity, number>> & { readonly total: number };
  readonly byType: Readonly<Partial<Record<GapType, number>>>;
  /** Weighted completion, 0..100 (see estimateCompletion). */
  readonly completionPercent: number;
  /** No CRITICAL and no HIGH gap (the original's rule). */
  readonly deployable: boolean;
  readonly deploymentBlockers: readonly Gap[];
  /** 1 (fix first) .. 5 (nearly done). */
  readonly recoveryPriority: 1 | 2 | 3 | 4 | 5;
  readonly recoveryPlan: RecoveryPlan;
  /** Import-graph work counters for the code checks (the cache makes a second pass read only changed files). */
  readonly counters: {
    readonly filesScanned: number;
    readonly filesParsed: number;
    readonly cacheHits: number;
    readonly bytesRead: number;
  };
  readonly notes: readonly string[];
  readonly durationMs: number;
}

export interface BatchEntryError {
  readonly workflowId: string;
  readonly error: string;
}

export interface BatchGapReport {
  readonly workflowsAnalyzed: number;
  readonly deployable: number;
  readonly needingFixes: number;
  readonly averageCompletionPercent: number;
  readonly totals: { readonly critical: number; readonly high: number; readonly all: number };
  /** Sorted by recovery priority, then highest completion first (closest to done), as the original did. */
  readonly recoveryQueue: readonly {
    workflowId: string;
    priority: number;
    completionPercent: number;
    critical: number;
    high: number;
  }[];
  readonly reports: readonly GapReport[];
  /** A workflow folder that could not be analysed is reported here; the others still are. */
  readonly errors: readonly BatchEntryError[];
}
