import { computeEvaluationKey, type EvaluationOutcome } from './cache/index.js';
import {
  afferentCounts,
  componentCouplingByNumber,
  couplingMetrics,
  findElementaryCycles,
  indexGraph,
  stronglyConnectedIndices,
  topByCoupling,
  type CouplingMetrics,
} from './graph/index.js';
import type { ArchitectureReport } from './report-types.js';
import {
  applySuppressions,
  componentMapperFor,
  computeConformanceScore,
  DEFAULT_RULES,
  evaluateRules,
  matchGlobs,
  type ArchitectureRules,
  type Severity,
} from './rules/index.js';
import { scanProject, type BuildImportGraphOptions, type ProjectScan } from './scan-project.js';
import type { ImportGraph } from './types.js';

export interface AnalyzeArchitectureOptions extends BuildImportGraphOptions {
  /** Parsed rules (see parseArchitectureRules); default: the original's components and rules. */
  readonly rules?: ArchitectureRules;
  /** Overrides the rules' `maxCycles`. */
  readonly maxCycles?: number;
}

export type { ArchitectureCounters, ArchitectureReport, ComponentSummary, CouplingHotspot } from './report-types.js';

/**
 * Builds the import graph of `root` and checks it against architecture rules. With the cache on, a run whose
 * graph, rules and expired suppressions equal the cached run's reuses its evaluation without building the graph's
 * edges (content-only edits, the common case); any difference recomputes everything from the new graph.
 */
export async function analyzeArchitecture(
  root: string,
  options: AnalyzeArchitectureOptions = {},
): Promise<ArchitectureReport> {
  const started = performance.now();
  const scan = await scanProject(root, scanOptionsFor(options));
  return reportFromScan(scan, options, started);
}

/** The scan options an analysis uses: the caller's, plus the rules' excluded globs. */
export function scanOptionsFor(options: AnalyzeArchitectureOptions): BuildImportGraphOptions {
  return { ...options, exclude: [...(options.exclude ?? []), ...(options.rules ?? DEFAULT_RULES).exclude] };
}

/**
 * Checks a scan against the rules, reusing the cached evaluation when the graph, rules and expired suppressions
 * are unchanged. `started` is when the caller began (the report's duration counts from it).
 */
export function reportFromScan(
  scan: ProjectScan,
  options: AnalyzeArchitectureOptions,
  started: number,
): ArchitectureReport {
  const rules = options.rules ?? DEFAULT_RULES;
  options.signal?.throwIfAborted();
  const nowMs = (options.now ?? Date.now)();
  const notes: string[] = [];
  const key = scan.cache.enabled
    ? computeEvaluationKey({ graphFingerprint: scan.fingerprint, rules, maxCycles: options.maxCycles, nowMs })
    : '';
  const stored = scan.cache.loadEvaluation(key);
  if (stored.status === 'corrupt') notes.push(stored.warning);

  let outcome: EvaluationOutcome;
  let reused = false;
  if (stored.status === 'hit') {
    outcome = stored.outcome;
    reused = true;
  } else {
    const graph: ImportGraph = {
      root: scan.root,
      files: scan.files,
      edgesByFile: scan.materializeEdges(),
      skipped: scan.skipped,
      notes: [],
      counters: scan.counters,
      durationMs: 0,
    };
    outcome = evaluateGraph(graph, rules, {
      nowMs,
      ...(options.maxCycles !== undefined ? { maxCycles: options.maxCycles } : {}),
    });
    const unsaved = scan.cache.commitEvaluation(key, outcome);
    if (unsaved !== undefined) notes.push(unsaved);
  }
  const { notes: evaluationNotes, edgeCounts, ...parts } = outcome;
  return {
    root: scan.root,
    ...parts,
    counters: {
      ...scan.counters,
      ...edgeCounts,
      evaluationsComputed: reused ? 0 : 1,
      evaluationsReused: reused ? 1 : 0,
    },
    skipped: scan.skipped,
    // scan.notes last read here: materializeEdges may have added to it (cached imports read again).
    notes: [...scan.notes, ...notes, ...evaluationNotes],
    tsconfigs: scan.tsconfigs,
    durationMs: performance.now() - started,
  };
}

/** Checks an already built graph (useful when several rule sets run over one graph). */
export function evaluateArchitecture(
  graph: ImportGraph,
  rules: ArchitectureRules,
  options: { nowMs?: number; maxCycles?: number } = {},
): ArchitectureReport {
  const started = performance.now();
  const { notes, edgeCounts: _counts, ...parts } = evaluateGraph(graph, rules, options);
  return {
    root: graph.root,
    ...parts,
    counters: { ...graph.counters, evaluationsComputed: 1, evaluationsReused: 0 },
    skipped: graph.skipped,
    notes: [...graph.notes, ...notes],
    tsconfigs: [],
    durationMs: graph.durationMs + (performance.now() - started),
  };
}

function evaluateGraph(
  graph: ImportGraph,
  rules: ArchitectureRules,
  options: { nowMs?: number; maxCycles?: number },
): EvaluationOutcome {
  const componentOf = componentMapperFor(rules.components);
  // One numbered form of the graph serves cycles and coupling (no per-file maps, sets or string sorts).
  const { files, succ, internalEdges, internalFrom, internalTo, unresolvedImports } = indexGraph(
    graph,
    rules.includeTypeOnly,
  );
  const sccs = stronglyConnectedIndices(succ);
  const stronglyConnected = sccs.map((c) => c.map((v) => files[v] ?? ''));
  const cycles = findElementaryCycles(adjacencyOf(files, succ, sccs), stronglyConnected, {
    maxCycles: options.maxCycles ?? rules.maxCycles,
  });
  const afferent = afferentCounts(succ);
  const component = files.map(componentOf);
  const componentCoupling = componentCouplingByNumber(succ, component);
  const fileMetrics = (v: number): CouplingMetrics => couplingMetrics(afferent[v] ?? 0, succ[v]?.length ?? 0);
  // Per-file metrics only when a rule reads them: building 5,000 of them for nothing shows at scale.
  const fileCoupling = new Map<string, CouplingMetrics>();
  if (rules.rules.some((r) => r.type === 'COUPLING' && r.scope === 'file'))
    files.forEach((file, v) => fileCoupling.set(file, fileMetrics(v)));

  const edgeComponents = {
    from: internalFrom.map((v, i) => (v >= 0 ? component[v] : componentOf(internalEdges[i]?.from ?? ''))),
    to: internalTo.map((v, i) => (v >= 0 ? component[v] : componentOf(internalEdges[i]?.to ?? ''))),
  };
  const raw = evaluateRules({
    rules: rules.rules,
    componentOf,
    edges: internalEdges,
    files: graph.files,
    fileCoupling,
    componentCoupling,
    cycles: cycles.cycles,
    edgeComponents,
  });
  const { active, suppressed, notes } = applySuppressions(
    raw,
    rules.suppressions,
    cycles.cycles,
    options.nowMs ?? Date.now(),
  );

  const counts = new Map<string, number>();
  let unmapped = 0;
  for (let v = 0; v < component.length; v++) {
    const c = component[v];
    if (c === undefined) unmapped++;
    else counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const bySeverity: Record<Severity, number> = { blocking: 0, warning: 0, info: 0 };
  const byRule: Record<string, number> = {};
  for (const v of active) {
    bySeverity[v.severity]++;
    byRule[v.ruleId] = (byRule[v.ruleId] ?? 0) + 1;
  }
  const componentWarnings = checkComponents(rules, graph.files, counts);
  const overlapIsError = rules.componentOverlap === 'error' && componentWarnings.some((w) => w.startsWith('overlap:'));
  const hotspots = topByCoupling(succ, afferent, 10).map((v) => ({ file: files[v] ?? '', ...fileMetrics(v) }));
  const { edges, internalEdges: internal, externalEdges, unresolvedEdges } = graph.counters;

  return {
    components: rules.components.map((c) => ({
      name: c.name,
      files: counts.get(c.name) ?? 0,
      coupling: componentCoupling.get(c.name) ?? { afferent: 0, efferent: 0, instability: 0 },
    })),
    unmappedFiles: unmapped,
    componentWarnings,
    violations: active,
    suppressed,
    summary: { total: active.length, bySeverity, byRule },
    cycles: { stronglyConnected, elementary: cycles.cycles, truncated: cycles.truncated },
    unresolvedImports,
    couplingHotspots: hotspots,
    score: computeConformanceScore(active),
    compliant: bySeverity.blocking === 0 && !overlapIsError,
    notes,
    edgeCounts: { edges, internalEdges: internal, externalEdges, unresolvedEdges },
  };
}

/**
 * Components matching no file (every rule about them passes without checking anything) and files claimed by more
 * than one component's globs (the first in file order wins). Warnings, and for overlaps with
 * `options.componentOverlap: error` a reason to be non-compliant.
 */
function checkComponents(
  rules: ArchitectureRules,
  files: readonly string[],
  counts: ReadonlyMap<string, number>,
): string[] {
  const warnings: string[] = [];
  const matchers = rules.components.map((c) => ({ name: c.name, match: matchGlobs(c.paths) }));
  rules.components.forEach((c, i) => {
    if ((counts.get(c.name) ?? 0) > 0) return;
    const match = matchers[i]?.match;
    const claimed = match !== undefined && files.some((f) => match(f));
    const about = rules.rules
      .filter(
        (r) =>
          r.component === c.name ||
          ((r.type === 'CAN_CALL' || r.type === 'MUST_NOT_CALL') && r.targets.includes(c.name)),
      )
      .map((r) => r.id);
    warnings.push(
      `empty: component ${c.name} (${c.paths.join(', ')}) has no file${claimed ? ': its files all belong to an earlier component' : ' matching its paths'}` +
        (about.length > 0 ? `; rule(s) ${about.join(', ')} check nothing` : ''),
    );
  });
  if (rules.components.length > 1) {
    const overlaps = new Map<string, string[]>();
    for (const file of files) {
      let first: string | undefined;
      for (const m of matchers) {
        if (!m.match(file)) continue;
        if (first === undefined) {
          first = m.name;
          continue;
        }
        const key = `${first} and ${m.name}`;
        const list = overlaps.get(key) ?? [];
        list.push(file);
        overlaps.set(key, list);
      }
    }
    for (const [pair, list] of overlaps) {
      warnings.push(
        `overlap: ${list.length} file(s) match both ${pair}; they belong to ${pair.split(' and ')[0] ?? ''} (the first listed)` +
          ` (${list.slice(0, 3).join(', ')}${list.length > 3 ? ', ...' : ''})` +
          (rules.componentOverlap === 'error'
            ? '; options.componentOverlap is error: not compliant'
            : '; set options.componentOverlap: error to fail on this'),
      );
    }
  }
  return warnings;
}

/** Successor lists by path for the files in cyclic components: all the elementary-cycle search looks at. */
function adjacencyOf(
  files: readonly string[],
  succ: readonly (readonly number[])[],
  sccs: readonly (readonly number[])[],
): Map<string, string[]> {
  const adjacency = new Map<string, string[]>();
  for (const members of sccs) {
    for (const v of members)
      adjacency.set(
        files[v] ?? '',
        (succ[v] ?? []).map((w) => files[w] ?? ''),
      );
  }
  return adjacency;
}
