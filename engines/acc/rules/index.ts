/**
 * Stage 4, rules: the rules file (YAML, schema-checked), its components' globs, and the check of a graph against
 * the rules with suppressions. Reads no source file.
 */
export { loadArchitectureRules, parseArchitectureRules, rulesFromData } from './parse-rules.js';
export { parseShortFormRule } from './short-form.js';
export { DEFAULT_COMPONENTS, DEFAULT_RULES } from './default-rules.js';
export {
  applySuppressions,
  componentMapperFor,
  computeConformanceScore,
  createComponentMapper,
  evaluateRules,
  isSuppressionExpired,
} from './evaluate-rules.js';
export type { SuppressedViolation, Violation } from './evaluate-rules.js';
export { matchGlobs } from './match-globs.js';
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
} from './rule-types.js';
