import { PHASE_WEIGHTS } from './thresholds.js';
import {
  PHASES,
  type Gap,
  type GapSeverity,
  type RecoveryApproach,
  type RecoveryPlan,
  type RecoveryStep,
} from './types.js';

/**
 * The original's estimate, per phase: a CRITICAL gap means ~25% done, more than three HIGH gaps ~50%, any HIGH
 * ~70%, only MEDIUM/LOW ~85%, none 100%; phases are weighted 10/15/50/15/10. (The original also subtracted a
 * penalty for a separate list of "implementation gaps"; here those are ordinary implementation checks, already
 * counted by the phase rule, so subtracting again would count them twice.)
 * Returns 0..1.
 */
export function estimateCompletion(gaps: readonly Gap[]): number {
  let total = 0;
  for (const phase of PHASES) {
    const own = gaps.filter((g) => g.phase === phase);
    const critical = own.filter((g) => g.severity === 'CRITICAL').length;
    const high = own.filter((g) => g.severity === 'HIGH').length;
    const done = critical > 0 ? 0.25 : high > 3 ? 0.5 : high > 0 ? 0.7 : own.length > 0 ? 0.85 : 1;
    total += done * PHASE_WEIGHTS[phase];
  }
  return Math.max(0, Math.min(1, total));
}

/** 1 = critical and < 30% done ... 5 = more than 90% done (the original's table). */
export function recoveryPriority(critical: number, high: number, completion: number): 1 | 2 | 3 | 4 | 5 {
  if (completion > 0.9) return 5;
  if (critical === 0 && high === 0) return 4;
  if (critical === 0) return 3;
  if (completion < 0.3) return 1;
  if (completion < 0.6) return 2;
  return 3;
}

const SEVERITY_RANK: Record<GapSeverity, number> = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3 };

function approachFor(completion: number, critical: number): { approach: RecoveryApproach; summary: string } {
  if (completion < 0.3) {
    return {
      approach: 'FULL_RESTART',
      summary: 'Less than 30% complete: restart the implementation phase with validation after each sub-phase.',
    };
  }
  if (completion < 0.6) {
    return {
      approach: 'INCREMENTAL_COMPLETION',
      summary: '30-60% complete: resume implementation, starting with missing backend and frontend structure.',
    };
  }
  if (critical > 0) {
    return {
      approach: 'TARGETED_FIXES',
      summary: 'Over 60% complete with critical gaps: fix the deployment blockers without restarting a phase.',
    };
  }
  return {
    approach: 'POLISH_AND_DEPLOY',
    summary: 'Over 60% complete, no critical gaps: finish testing and deployment readiness.',
  };
}

/** Orders gaps so that every gap comes after the gaps it depends on; ties by severity, then phase order, then id. */
export function buildRecoveryPlan(gaps: readonly Gap[], completion: number, critical: number): RecoveryPlan {
  const byId = new Map(gaps.map((g) => [g.id, g]));
  const waiting = new Map(gaps.map((g) => [g.id, g.dependsOn.filter((d) => byId.has(d)).length]));
  const dependents = new Map<string, string[]>();
  for (const g of gaps)
    for (const d of g.dependsOn) if (byId.has(d)) dependents.set(d, [...(dependents.get(d) ?? []), g.id]);
  const rank = (g: Gap): [number, number, string] => [SEVERITY_RANK[g.severity], PHASES.indexOf(g.phase), g.id];
  const compare = (a: Gap, b: Gap): number => {
    const [x, y] = [rank(a), rank(b)];
    return x[0] - y[0] || x[1] - y[1] || (x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0);
  };
  const ready = gaps.filter((g) => waiting.get(g.id) === 0);
  const steps: RecoveryStep[] = [];
  while (ready.length > 0) {
    ready.sort(compare);
    const g = ready.shift();
    if (g === undefined) break;
    steps.push({ order: steps.length + 1, gapId: g.id, phase: g.phase, severity: g.severity, action: g.fixSuggestion });
    for (const d of dependents.get(g.id) ?? []) {
      const left = (waiting.get(d) ?? 0) - 1;
      waiting.set(d, left);
      const dep = byId.get(d);
      if (left === 0 && dep !== undefined) ready.push(dep);
    }
  }
  return { ...approachFor(completion, critical), steps };
}
