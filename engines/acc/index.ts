/**
 * ACC — architectural conformance checking for TS/JS code bases.
 *
 * Builds a real import graph (hand lexer over `.ts .tsx .mts .cts .js .jsx .mjs .cjs`: static imports,
 * `import type`, `export ... from`, `import x = require()`, dynamic `import()`, `require()`), resolves
 * relative specifiers, extensions, `index` files and tsconfig `baseUrl`/`paths`, records packages as external,
 * then checks components (globs) against rules: CAN_CALL, MUST_NOT_CALL, COUPLING, NO_CYCLES and
 * PUBLIC_ENTRY_ONLY. Cycles: Tarjan SCCs (complete) plus a bounded list of elementary cycles with stable ids.
 *
 * Incremental analysis: `<root>/.maestro-cache/` holds a small stat index (size, mtime, content hash, digest of
 * the resolved imports per file, with a journal for small changes), an edge store (the imports themselves) and
 * the last evaluation. A re-analysis stats every file, reads and lexes only changed ones, and when the graph,
 * rules and expired suppressions are the same as last time (content-only edits) reuses the evaluation without
 * opening the edge store: `counters.evaluationsReused` is 1. Any graph change recomputes everything. Damaged
 * cache files are discarded with a note, never trusted.
 *
 * @example
 * ```ts
 * import { analyzeArchitecture, loadArchitectureRules } from '../engines/acc/index.js';
 *
 * const report = await analyzeArchitecture('path/to/project', {
 *   rules: loadArchitectureRules('path/to/project/maestro.architecture.yaml'),
 * });
 * if (!report.compliant) for (const v of report.violations) console.log(v.severity, v.message);
 * console.log(report.counters); // filesScanned, filesParsed, cacheHits, evaluationsReused, edges, ...
 * ```
 *
 * Rules file (YAML, validated against a JSON schema; errors name line, column and field):
 * ```yaml
 * components:
 *   - { name: UI, paths: ["src/ui/**"] }
 *   - { name: Data, paths: ["src/data/**"] }
 * rules:
 *   - UI: CAN_CALL(Data)                       # short form; also "MUST_NOT_CALL(A)", "COUPLING < 10", "NO_CYCLES"
 *   - { id: no-up, type: MUST_NOT_CALL, component: Data, targets: [UI], severity: blocking }
 * suppressions:
 *   - { rule: no-up, from: "src/data/legacy/**", justification: "migrating in JIRA-12", expires: 2026-06-30 }
 * ```
 */
export { analyzeArchitecture, evaluateArchitecture } from './analyze-architecture.js';
export { openAnalysisSession } from './analysis-session.js';
export type { AnalysisSession } from './analysis-session.js';
export type {
  AnalyzeArchitectureOptions,
  ArchitectureCounters,
  ArchitectureReport,
  ComponentSummary,
  CouplingHotspot,
} from './analyze-architecture.js';
export { buildImportGraph, internalAdjacency, DEFAULT_MAX_FILE_BYTES } from './build-import-graph.js';
export type { BuildImportGraphOptions } from './build-import-graph.js';
export { scanImports } from './scan/index.js';
export { findStronglyConnectedComponents } from './graph/index.js';
export { findElementaryCycles, canonicalCycle } from './graph/index.js';
export type { ImportCycle, CycleSearchOptions, CycleSearchResult } from './graph/index.js';
export { computeFileCoupling } from './graph/index.js';
export type { CouplingMetrics } from './graph/index.js';
export { parseArchitectureRules, loadArchitectureRules, rulesFromData } from './rules/index.js';
export { parseShortFormRule } from './rules/index.js';
export { DEFAULT_COMPONENTS, DEFAULT_RULES } from './rules/index.js';
export { computeConformanceScore, createComponentMapper } from './rules/index.js';
export type { Violation, SuppressedViolation } from './rules/index.js';
export { SOURCE_EXTENSIONS, DEFAULT_IGNORED_DIRECTORIES } from './scan/index.js';
export { CACHE_FILE_NAME } from './cache/index.js';
export { EDGE_STORE_FILE_NAME } from './cache/index.js';
export { EVALUATION_CACHE_FILE_NAME } from './cache/index.js';
export type {
  ArchitectureRule,
  ArchitectureRules,
  CallRule,
  ComponentDefinition,
  CouplingMetric,
  CouplingRule,
  NoCyclesRule,
  PublicEntryRule,
  RuleType,
  Severity,
  Suppression,
} from './rules/index.js';
export type * from './types.js';
export { AccError, RulesValidationError, RootNotFoundError } from './errors.js';
export type { AccErrorCode, RulesIssue } from './errors.js';
