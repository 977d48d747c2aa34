import type { CouplingMetrics } from './graph/index.js';
import type { ImportCycle } from './graph/index.js';
import type { SuppressedViolation, Violation } from './rules/index.js';
import type { Severity } from './rules/index.js';
import type { GraphCounters, ImportEdge, SkippedFile } from './types.js';

/* What an architecture analysis reports; the evaluation cache stores part of it. */

export interface ComponentSummary {
  readonly name: string;
  readonly files: number;
  readonly coupling: CouplingMetrics;
}

export interface CouplingHotspot extends CouplingMetrics {
  readonly file: string;
}

/** Graph counters plus whether the rule evaluation ran or was reused from the cache. */
export interface ArchitectureCounters extends GraphCounters {
  /** 1 when rules, SCCs, cycles and coupling were computed in this run. */
  evaluationsComputed: number;
  /**
   * 1 when they came from the cache: the graph (every file's resolved imports), the rules, maxCycles and the set
   * of expired suppressions were all equal to the cached run's.
   */
  evaluationsReused: number;
}

export interface ArchitectureReport {
  readonly root: string;
  readonly components: readonly ComponentSummary[];
  /** Source files matched by no component (not checked by call rules). */
  readonly unmappedFiles: number;
  /**
   * Components that match no file (their rules cannot fail) and files matched by several components (they belong
   * to the first): ways a rules file passes by mistake.
   */
  readonly componentWarnings: readonly string[];
  readonly violations: readonly Violation[];
  readonly suppressed: readonly SuppressedViolation[];
  readonly summary: {
    readonly total: number;
    readonly bySeverity: Readonly<Record<Severity, number>>;
    readonly byRule: Readonly<Record<string, number>>;
  };
  readonly cycles: {
    /** Every strongly connected component with a cycle: complete, never truncated. */
    readonly stronglyConnected: readonly (readonly string[])[];
    /** Elementary cycles, bounded; each component has at least one. */
    readonly elementary: readonly ImportCycle[];
    readonly truncated: boolean;
  };
  /** Relative or path-mapped imports with no file behind them. */
  readonly unresolvedImports: readonly ImportEdge[];
  /** The ten files with the highest Ca + Ce. */
  readonly couplingHotspots: readonly CouplingHotspot[];
  /** 0..1, the original's formula (see computeConformanceScore). */
  readonly score: number;
  /** No active blocking violation. */
  readonly compliant: boolean;
  readonly counters: ArchitectureCounters;
  readonly skipped: readonly SkippedFile[];
  readonly notes: readonly string[];
  /** The tsconfig files imports were resolved with (absolute), with how many files each (empty for a prebuilt graph). */
  readonly tsconfigs: readonly { readonly file: string; readonly files: number }[];
  readonly durationMs: number;
}
