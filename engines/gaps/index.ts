/**
 * Workflow validation and gap detection for SDLC project folders.
 *
 * A workflow folder has one directory per phase (requirements/, design/, implementation/{backend,frontend},
 * testing/, deployment/; all configurable). Each phase runs documented checks with thresholds and severities
 * (CRITICAL/HIGH/MEDIUM/LOW, see DEFAULT_THRESHOLDS); failures become typed gaps with expected and actual
 * values. Code checks read the real import graph (engines/acc): a broken import is a relative or path-mapped
 * import with no file behind it, an undeclared dependency is a package imported but absent from package.json.
 * The report adds a weighted completion percentage, deployability (no CRITICAL or HIGH gap), a recovery
 * priority and an ordered recovery plan. `detectGapsInBatch` runs over every `wf-*` folder of a directory.
 *
 * @example
 * ```ts
 * import { detectGaps, detectGapsInBatch } from '../engines/gaps/index.js';
 *
 * const report = await detectGaps('workflows/wf-42', { thresholds: { minTestFiles: 5 } });
 * console.log(report.completionPercent, report.deployable, report.recoveryPlan.steps[0]);
 * const batch = await detectGapsInBatch('workflows');
 * console.log(batch.recoveryQueue);
 * ```
 */
export { detectGaps, detectGapsInBatch, validateWorkflow } from './detect-gaps.js';
export type { DetectGapsOptions } from './detect-gaps.js';
export { estimateCompletion, recoveryPriority, buildRecoveryPlan } from './recovery-plan.js';
export { DEFAULT_ROOTS, DEFAULT_THRESHOLDS, PHASE_WEIGHTS } from './thresholds.js';
export type { WorkflowRoots, WorkflowThresholds } from './thresholds.js';
export { PHASES } from './types.js';
export type * from './types.js';
