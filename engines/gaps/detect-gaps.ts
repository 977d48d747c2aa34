import { existsSync, readdirSync } from 'node:fs';
import { basename, join, posix, resolve } from 'node:path';
import { buildImportGraph } from '../acc/index.js';
import { checkDeployment } from './check-deployment.js';
import { checkDesign } from './check-design.js';
import { checkImplementation } from './check-implementation.js';
import { checkRequirements } from './check-requirements.js';
import { checkTesting } from './check-testing.js';
import { buildRecoveryPlan, estimateCompletion, recoveryPriority } from './recovery-plan.js';
import { DEFAULT_ROOTS, DEFAULT_THRESHOLDS, type WorkflowRoots, type WorkflowThresholds } from './thresholds.js';
import type { BatchGapReport, CheckResult, Gap, GapReport, GapSeverity, GapType, Phase, PhaseReport } from './types.js';
import { PHASES } from './types.js';
import { WorkflowContext } from './workflow-context.js';
import { errorWithName } from '../common/index.js';

export interface DetectGapsOptions {
  readonly roots?: Partial<WorkflowRoots>;
  readonly thresholds?: Partial<WorkflowThresholds>;
  /** Use the import-graph content cache in `<workflow>/.maestro-cache` (default true). */
  readonly cache?: boolean;
  readonly signal?: AbortSignal;
}

const CHECKERS: Record<Phase, (ctx: WorkflowContext) => CheckResult[]> = {
  requirements: checkRequirements,
  design: checkDesign,
  implementation: checkImplementation,
  testing: checkTesting,
  deployment: checkDeployment,
};

function phaseReport(phase: Phase, results: readonly CheckResult[]): PhaseReport {
  const failed = results.filter((r) => !r.passed);
  const critical = failed.filter((r) => r.severity === 'CRITICAL').length;
  return {
    phase,
    status: failed.length === 0 ? 'passed' : critical > 0 ? 'failed' : 'warning',
    checksPassed: results.length - failed.length,
    checksFailed: failed.length,
    criticalFailures: critical,
    results,
  };
}

/**
 * The tsconfig whose `paths` resolve imports: the backend's own when it has one (aliases such as `@core/*` live
 * there, and an unresolved alias would otherwise be reported as an undeclared npm package), else the workflow
 * root's (the import graph's default). One mapping serves the whole graph, so a frontend with different aliases
 * of its own is not resolved with them.
 */
function pathMappingConfig(dir: string, roots: WorkflowRoots): string | undefined {
  for (const name of ['tsconfig.json', 'jsconfig.json']) {
    const candidate = posix.join(roots.backend, name);
    if (existsSync(join(dir, candidate))) return candidate;
  }
  return undefined;
}

/** Runs every phase check over one workflow folder. */
export async function validateWorkflow(
  workflowDir: string,
  options: DetectGapsOptions = {},
): Promise<{ phases: PhaseReport[]; context: WorkflowContext }> {
  const dir = resolve(workflowDir);
  const roots = { ...DEFAULT_ROOTS, ...options.roots };
  const tsconfig = pathMappingConfig(dir, roots);
  const graph = await buildImportGraph(dir, {
    cache: options.cache ?? true,
    ...(tsconfig !== undefined ? { tsconfig } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const ctx = new WorkflowContext(dir, roots, { ...DEFAULT_THRESHOLDS, ...options.thresholds }, graph);
  return { phases: PHASES.map((p) => phaseReport(p, CHECKERS[p](ctx))), context: ctx };
}

/** Cross-phase order: a reference to code waits for that code; a test import waits for the module it imports. */
function dependenciesOf(gap: Omit<Gap, 'dependsOn'>, all: readonly Omit<Gap, 'dependsOn'>[]): string[] {
  const implementation = all.filter((g) => g.phase === 'implementation');
  if (gap.phase === 'deployment' && gap.type === 'INVALID_REFERENCE') {
    return implementation.filter((g) => g.type === 'MISSING_DIRECTORY').map((g) => g.id);
  }
  if (gap.phase === 'testing' && gap.type === 'BROKEN_IMPORT') {
    return implementation.filter((g) => g.type === 'MISSING_DIRECTORY' || g.type === 'BROKEN_IMPORT').map((g) => g.id);
  }
  if (gap.phase === 'implementation' && gap.type !== 'MISSING_DIRECTORY') {
    return all.filter((g) => g.phase === 'design' && g.severity === 'CRITICAL').map((g) => g.id);
  }
  return [];
}

/** Validates a workflow folder and turns failed checks into typed gaps, completion, deployability and a plan. */
export async function detectGaps(workflowDir: string, options: DetectGapsOptions = {}): Promise<GapReport> {
  const started = performance.now();
  const { phases, context } = await validateWorkflow(workflowDir, options);
  const base = phases.flatMap((p) =>
    p.results
      .filter((r) => !r.passed)
      .map((r) => ({
        id: `${r.phase}.${r.check}`,
        type: r.gapType,
        severity: r.severity,
        phase: r.phase,
        description: r.message,
        location: r.location,
        expected: r.expected,
        actual: r.actual,
        fixSuggestion: r.fix,
        affectedFiles: r.affectedFiles,
      })),
  );
  const gaps: Gap[] = base.map((g) => ({ ...g, dependsOn: dependenciesOf(g, base) }));
  const counts: Record<GapSeverity, number> = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 };
  const byType: Partial<Record<GapType, number>> = {};
  for (const g of gaps) {
    counts[g.severity]++;
    byType[g.type] = (byType[g.type] ?? 0) + 1;
  }
  const completion = estimateCompletion(gaps);
  const deployable = counts.CRITICAL === 0 && counts.HIGH === 0;
  const priority = recoveryPriority(counts.CRITICAL, counts.HIGH, completion);
  const graph = context.graph;
  return {
    workflowId: basename(context.dir),
    workflowDir: context.dir,
    phases,
    gaps,
    counts: { ...counts, total: gaps.length },
    byType,
    // Epsilon so that binary fractions such as 63.2499999 round the way the decimal arithmetic says (63.3).
    completionPercent: Math.round(completion * 1000 + 1e-9) / 10,
    deployable,
    deploymentBlockers: gaps.filter((g) => g.severity === 'CRITICAL'),
    recoveryPriority: priority,
    recoveryPlan: buildRecoveryPlan(gaps, completion, counts.CRITICAL),
    counters: {
      filesScanned: graph.counters.filesScanned,
      filesParsed: graph.counters.filesParsed,
      cacheHits: graph.counters.cacheHits,
      bytesRead: graph.counters.bytesRead,
    },
    notes: [...graph.notes, ...graph.skipped.map((s) => `skipped ${s.path}: ${s.reason} (${s.detail})`)],
    durationMs: performance.now() - started,
  };
}

/** Analyses every `wf-*` folder under `parentDir`; one folder's failure is recorded and the rest still run. */
export async function detectGapsInBatch(parentDir: string, options: DetectGapsOptions = {}): Promise<BatchGapReport> {
  const dir = resolve(parentDir);
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name.startsWith('wf-'))
    .map((e) => e.name)
    .sort();
  const reports: GapReport[] = [];
  const errors: { workflowId: string; error: string }[] = [];
  for (const name of names) {
    options.signal?.throwIfAborted();
    try {
      reports.push(await detectGaps(join(dir, name), options));
    } catch (error) {
      if (options.signal?.aborted) throw error;
      errors.push({ workflowId: name, error: errorWithName(error) });
    }
  }
  const deployable = reports.filter((r) => r.deployable).length;
  const average = reports.length === 0 ? 0 : reports.reduce((s, r) => s + r.completionPercent, 0) / reports.length;
  const queue = [...reports]
    .sort(
      (a, b) =>
        a.recoveryPriority - b.recoveryPriority ||
        b.completionPercent - a.completionPercent ||
        (a.workflowId < b.workflowId ? -1 : 1),
    )
    .map((r) => ({
      workflowId: r.workflowId,
      priority: r.recoveryPriority,
      completionPercent: r.completionPercent,
      critical: r.counts.CRITICAL,
      high: r.counts.HIGH,
    }));
  return {
    workflowsAnalyzed: reports.length,
    deployable,
    needingFixes: reports.length - deployable,
    averageCompletionPercent: Math.round(average * 100) / 100,
    totals: {
      critical: reports.reduce((s, r) => s + r.counts.CRITICAL, 0),
      high: reports.reduce((s, r) => s + r.counts.HIGH, 0),
      all: reports.reduce((s, r) => s + r.counts.total, 0),
    },
    recoveryQueue: queue,
    reports,
    errors,
  };
}
