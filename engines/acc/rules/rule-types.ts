/** Severity of a rule; `blocking` violations make a project non-compliant (and the CLI exit non-zero). */
export type Severity = 'blocking' | 'warning' | 'info';

/**
 * - CAN_CALL: files of `component` may import only files of the `targets` components (and their own, and files
 *   that belong to no component).
 * - MUST_NOT_CALL: files of `component` must not import files of any `targets` component.
 * - COUPLING: a coupling metric of each file (scope `file`) or of the component as a whole (scope `component`)
 *   must not exceed `max`.
 * - NO_CYCLES: no import cycle may pass through a file of `component`.
 * - PUBLIC_ENTRY_ONLY: `module` splits `component` into modules (e.g. `engines/*`); a file outside a module may
 *   import only that module's `entries` (e.g. `index.ts`).
 */
export type RuleType = 'CAN_CALL' | 'MUST_NOT_CALL' | 'COUPLING' | 'NO_CYCLES' | 'PUBLIC_ENTRY_ONLY';

export type CouplingMetric = 'total' | 'afferent' | 'efferent';

/** A named set of files, matched by picomatch globs against root-relative paths. First matching component wins. */
export interface ComponentDefinition {
  readonly name: string;
  readonly paths: readonly string[];
  readonly description?: string;
}

interface RuleCommon {
  readonly id: string;
  readonly severity: Severity;
  readonly component: string;
  readonly description: string;
  /** Globs of source files the rule does not apply to. */
  readonly exemptions: readonly string[];
}

export interface CallRule extends RuleCommon {
  readonly type: 'CAN_CALL' | 'MUST_NOT_CALL';
  readonly targets: readonly string[];
}

export interface CouplingRule extends RuleCommon {
  readonly type: 'COUPLING';
  /** Inclusive upper bound: a value above `max` is a violation. The short form `COUPLING < N` means max N-1. */
  readonly max: number;
  readonly metric: CouplingMetric;
  readonly scope: 'file' | 'component';
}

export interface NoCyclesRule extends RuleCommon {
  readonly type: 'NO_CYCLES';
}

export interface PublicEntryRule extends RuleCommon {
  readonly type: 'PUBLIC_ENTRY_ONLY';
  /** Glob of module directories without `**`, e.g. `engines/*`. */
  readonly module: string;
  /** File names (relative to the module directory) that other modules may import. */
  readonly entries: readonly string[];
}

export type ArchitectureRule = CallRule | CouplingRule | NoCyclesRule | PublicEntryRule;

/** Accepts known violations for a while: a suppression needs a reason and an expiry date, and expires loudly. */
export interface Suppression {
  /** Rule id, or `*` for any rule. */
  readonly rule: string;
  /** Glob on the violating source file. */
  readonly from: string;
  /** Optional glob on the imported file. */
  readonly to?: string;
  readonly justification: string;
  /** `YYYY-MM-DD`; the suppression applies through the end of that day (UTC). */
  readonly expires: string;
}

export interface ArchitectureRules {
  readonly components: readonly ComponentDefinition[];
  readonly rules: readonly ArchitectureRule[];
  readonly suppressions: readonly Suppression[];
  /** Count `import type` edges as dependencies (default true: a type dependency is still a design dependency). */
  readonly includeTypeOnly: boolean;
  readonly maxCycles: number;
  /** Root-relative globs left out of the analysis (generated output, vendored code). */
  readonly exclude: readonly string[];
  /**
   * A file matched by several components belongs to the first in file order (`first-match`, the default, reported
   * as a warning) or makes the analysis non-compliant (`error`).
   */
  readonly componentOverlap?: 'first-match' | 'error';
}
