import { createHash } from 'node:crypto';
import type { CouplingMetrics } from '../graph/index.js';
import type { ImportCycle } from '../graph/index.js';
import type { ArchitectureRule, ComponentDefinition, PublicEntryRule, Severity, Suppression } from './rule-types.js';
import { matchGlobs } from './match-globs.js';
import type { ImportEdge } from '../types.js';

/** One broken rule. `id` is stable across runs: same rule, same files, same id. */
export interface Violation {
  readonly id: string;
  readonly ruleId: string;
  readonly ruleType: ArchitectureRule['type'];
  readonly severity: Severity;
  readonly sourceComponent: string | undefined;
  readonly targetComponent: string | undefined;
  readonly sourceFile: string | undefined;
  readonly targetFile: string | undefined;
  /** Line of the offending import in `sourceFile`, when there is one. */
  readonly line: number | undefined;
  readonly cycleId: string | undefined;
  readonly message: string;
}

export interface SuppressedViolation extends Violation {
  readonly justification: string;
  readonly expires: string;
}

/** Maps files to components: first component whose globs match wins; memoised because every edge asks twice. */
const MAPPER_MEMO_LIMIT = 100_000;
const mappers = new WeakMap<readonly ComponentDefinition[], (file: string) => string | undefined>();

/**
 * The mapper of these component definitions, made once per definitions array and kept while it lives: an
 * analysis session evaluates the same rules again and again, over mostly the same files.
 */
export function componentMapperFor(components: readonly ComponentDefinition[]): (file: string) => string | undefined {
  let mapper = mappers.get(components);
  if (mapper === undefined) {
    mapper = createComponentMapper(components);
    mappers.set(components, mapper);
  }
  return mapper;
}

export function createComponentMapper(
  components: readonly ComponentDefinition[],
): (file: string) => string | undefined {
  const matchers = components.map((c) => ({ name: c.name, match: matchGlobs(c.paths) }));
  // One lookup per call on the hot path (every edge, every rule): unmapped files are memoised as ''. A mapper
  // kept by componentMapperFor may see many code bases, so the memo is bounded.
  const memo = new Map<string, string>();
  return (file) => {
    let found = memo.get(file);
    if (found === undefined) {
      if (memo.size >= MAPPER_MEMO_LIMIT) memo.clear();
      found = '';
      for (let i = 0; i < matchers.length; i++) {
        const m = matchers[i];
        if (m !== undefined && m.match(file)) {
          found = m.name;
          break;
        }
      }
      memo.set(file, found);
    }
    return found === '' ? undefined : found;
  };
}

export interface EvaluationInput {
  readonly rules: readonly ArchitectureRule[];
  readonly componentOf: (file: string) => string | undefined;
  /** Internal edges only, already filtered for type-only imports if those are excluded. */
  readonly edges: readonly ImportEdge[];
  readonly files: readonly string[];
  readonly fileCoupling: ReadonlyMap<string, CouplingMetrics>;
  readonly componentCoupling: ReadonlyMap<string, CouplingMetrics>;
  readonly cycles: readonly ImportCycle[];
  /** Components of each edge's ends (`edges[i]`), when the caller already knows them; else looked up here. */
  readonly edgeComponents?: {
    readonly from: readonly (string | undefined)[];
    readonly to: readonly (string | undefined)[];
  };
}

function violationId(ruleId: string, ...parts: (string | undefined)[]): string {
  return `v-${createHash('sha1')
    .update([ruleId, ...parts.map((p) => p ?? '')].join('\n'))
    .digest('hex')
    .slice(0, 12)}`;
}

function moduleMatcher(rule: PublicEntryRule): (file: string) => string | undefined {
  const depth = rule.module.split('/').length;
  const match = matchGlobs(rule.module);
  return (file) => {
    const segments = file.split('/');
    if (segments.length <= depth) return undefined;
    const candidate = segments.slice(0, depth).join('/');
    return match(candidate) ? candidate : undefined;
  };
}

/** Evaluates every rule; violations come out sorted by rule order, then source file, then target file. */
export function evaluateRules(input: EvaluationInput): Violation[] {
  const { componentOf } = input;
  // Components of both ends, looked up once per edge rather than once per edge per rule.
  const fromComponent = input.edgeComponents?.from ?? input.edges.map((e) => componentOf(e.from));
  const toComponent = input.edgeComponents?.to ?? input.edges.map((e) => componentOf(e.to));
  const edges = input.edges;
  const out: Violation[] = [];
  for (const rule of input.rules) {
    const exempt = rule.exemptions.length > 0 ? matchGlobs(rule.exemptions) : undefined;
    const applies = (file: string): boolean => componentOf(file) === rule.component && !exempt?.(file);
    const seen = new Set<string>();
    const pushEdge = (edge: ImportEdge, targetComponent: string | undefined, message: string): void => {
      const key = `${edge.from}\0${edge.to}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push({
        id: violationId(rule.id, edge.from, edge.to),
        ruleId: rule.id,
        ruleType: rule.type,
        severity: rule.severity,
        sourceComponent: componentOf(edge.from),
        targetComponent,
        sourceFile: edge.from,
        targetFile: edge.to,
        line: edge.line,
        cycleId: undefined,
        message,
      });
    };
    switch (rule.type) {
      case 'CAN_CALL':
      case 'MUST_NOT_CALL': {
        const targets = new Set(rule.targets);
        // Indexed loops (not forEach with a closure): every rule visits every edge, 100,000 visits at 5,000 files.
        for (let i = 0; i < edges.length; i++) {
          const to = toComponent[i];
          if (fromComponent[i] !== rule.component || to === undefined || to === rule.component) continue;
          const edge = edges[i] as ImportEdge;
          if (exempt?.(edge.from)) continue;
          if (rule.type === 'CAN_CALL' && !targets.has(to)) {
            pushEdge(
              edge,
              to,
              `${rule.component} can only call ${rule.targets.join(', ') || 'itself'}, but ${edge.from}:${edge.line} imports ${to} (${edge.to})`,
            );
          } else if (rule.type === 'MUST_NOT_CALL' && targets.has(to)) {
            pushEdge(
              edge,
              to,
              `${rule.component} must not call ${to}, but ${edge.from}:${edge.line} imports ${edge.to}`,
            );
          }
        }
        break;
      }
      case 'PUBLIC_ENTRY_ONLY': {
        const moduleOf = moduleMatcher(rule);
        const entries = new Set(rule.entries);
        edges.forEach((edge, i) => {
          if (toComponent[i] !== rule.component || exempt?.(edge.from)) return;
          const targetModule = moduleOf(edge.to);
          if (targetModule === undefined || moduleOf(edge.from) === targetModule) return;
          if (entries.has(edge.to.slice(targetModule.length + 1))) return;
          pushEdge(
            edge,
            rule.component,
            `${edge.from}:${edge.line} reaches into ${targetModule} through ${edge.to}; import ${targetModule}/${rule.entries[0] ?? 'index.ts'} instead`,
          );
        });
        break;
      }
      case 'COUPLING': {
        const value = (m: CouplingMetrics): number =>
          rule.metric === 'afferent' ? m.afferent : rule.metric === 'efferent' ? m.efferent : m.afferent + m.efferent;
        if (rule.scope === 'component') {
          const m = input.componentCoupling.get(rule.component);
          if (m !== undefined && value(m) > rule.max) {
            out.push({
              id: violationId(rule.id, rule.component),
              ruleId: rule.id,
              ruleType: rule.type,
              severity: rule.severity,
              sourceComponent: rule.component,
              targetComponent: undefined,
              sourceFile: undefined,
              targetFile: undefined,
              line: undefined,
              cycleId: undefined,
              message: `${rule.component} has ${rule.metric} coupling ${value(m)} > ${rule.max}`,
            });
          }
          break;
        }
        for (const file of input.files) {
          if (!applies(file)) continue;
          const m = input.fileCoupling.get(file);
          if (m === undefined || value(m) <= rule.max) continue;
          out.push({
            id: violationId(rule.id, file),
            ruleId: rule.id,
            ruleType: rule.type,
            severity: rule.severity,
            sourceComponent: rule.component,
            targetComponent: undefined,
            sourceFile: file,
            targetFile: undefined,
            line: undefined,
            cycleId: undefined,
            message: `${file} has ${rule.metric} coupling ${value(m)} (Ca ${m.afferent}, Ce ${m.efferent}) > ${rule.max}`,
          });
        }
        break;
      }
      case 'NO_CYCLES':
        for (const cycle of input.cycles) {
          const member = cycle.files.find((f) => applies(f));
          if (member === undefined) continue;
          out.push({
            id: violationId(rule.id, cycle.id),
            ruleId: rule.id,
            ruleType: rule.type,
            severity: rule.severity,
            sourceComponent: rule.component,
            targetComponent: undefined,
            sourceFile: member,
            targetFile: undefined,
            line: undefined,
            cycleId: cycle.id,
            message: `import cycle ${cycle.id} through ${rule.component}: ${[...cycle.files, cycle.files[0]].join(' -> ')}`,
          });
        }
        break;
    }
  }
  return out;
}

export interface SuppressionOutcome {
  readonly active: Violation[];
  readonly suppressed: SuppressedViolation[];
  readonly notes: string[];
}

/** A suppression applies through the end of its `expires` day (UTC). */
export function isSuppressionExpired(suppression: Suppression, nowMs: number): boolean {
  return Date.parse(`${suppression.expires}T23:59:59.999Z`) < nowMs;
}

/** Applies suppressions valid at `nowMs`. Expired and unused suppressions are reported, never silently kept. */
export function applySuppressions(
  violations: readonly Violation[],
  suppressions: readonly Suppression[],
  cycles: readonly ImportCycle[],
  nowMs: number,
): SuppressionOutcome {
  const notes: string[] = [];
  const live = suppressions.filter((s) => {
    if (isSuppressionExpired(s, nowMs)) {
      notes.push(`suppression of ${s.rule} for ${s.from} expired on ${s.expires}; its violations count again`);
      return false;
    }
    return true;
  });
  const compiled = live.map((s) => ({
    s,
    from: matchGlobs(s.from),
    to: s.to === undefined ? undefined : matchGlobs(s.to),
    used: false,
  }));
  const cycleFiles = new Map(cycles.map((c) => [c.id, c.files]));
  const active: Violation[] = [];
  const suppressed: SuppressedViolation[] = [];
  for (const v of violations) {
    const sources =
      v.cycleId !== undefined ? (cycleFiles.get(v.cycleId) ?? []) : v.sourceFile !== undefined ? [v.sourceFile] : [];
    const hit = compiled.find(
      (c) =>
        (c.s.rule === '*' || c.s.rule === v.ruleId) &&
        sources.some((f) => c.from(f)) &&
        (c.to === undefined || (v.targetFile !== undefined && c.to(v.targetFile))),
    );
    if (hit === undefined) {
      active.push(v);
    } else {
      hit.used = true;
      suppressed.push({ ...v, justification: hit.s.justification, expires: hit.s.expires });
    }
  }
  for (const c of compiled)
    if (!c.used) notes.push(`suppression of ${c.s.rule} for ${c.s.from} matched nothing; remove it`);
  return { active, suppressed, notes };
}

/** The original's conformance score: 1 - 0.3 per blocking - 0.1 per warning - 0.02 per info, clamped to [0, 1]. */
export function computeConformanceScore(violations: readonly Violation[]): number {
  let penalty = 0;
  for (const v of violations) penalty += v.severity === 'blocking' ? 0.3 : v.severity === 'warning' ? 0.1 : 0.02;
  return Math.round(Math.max(0, 1 - penalty) * 10_000) / 10_000;
}
