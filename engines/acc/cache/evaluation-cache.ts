import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { isSuppressionExpired } from '../rules/index.js';
import { writeFileAtomically } from './cache-files.js';
import { readCacheFile } from '../read-input-file.js';
import type { ArchitectureReport } from '../report-types.js';
import type { ArchitectureRules } from '../rules/index.js';
import type { GraphCounters } from '../types.js';
import { errorMessage } from '../../common/index.js';

/** Bump when evaluation output for the same graph and rules could change: old results are then recomputed. */
export const EVALUATION_VERSION = 2;
const FORMAT = 'maestro-acc-evaluation-v2';
export const EVALUATION_CACHE_FILE_NAME = 'acc-evaluation-v2.json';

/** The part of a report that depends only on the graph, the rules and which suppressions have expired. */
export type EvaluationOutcome = Pick<
  ArchitectureReport,
  | 'components'
  | 'unmappedFiles'
  | 'componentWarnings'
  | 'violations'
  | 'suppressed'
  | 'summary'
  | 'cycles'
  | 'unresolvedImports'
  | 'couplingHotspots'
  | 'score'
  | 'compliant'
> & {
  /** Suppression notes (expired, unused); graph notes are the current run's. */
  readonly notes: readonly string[];
  /** Edge counts of the graph, so a reused evaluation need not decode the graph to report them. */
  readonly edgeCounts: Pick<GraphCounters, 'edges' | 'internalEdges' | 'externalEdges' | 'unresolvedEdges'>;
};

export interface EvaluationKeyInput {
  /** ProjectScan.fingerprint: equal for equal graphs. */
  readonly graphFingerprint: string;
  readonly rules: ArchitectureRules;
  readonly maxCycles: number | undefined;
  readonly nowMs: number;
}

/**
 * What the evaluation depends on. Time enters only through which suppressions have expired, so a warm run an
 * hour later still reuses the result, and the day a suppression expires it does not.
 */
export function computeEvaluationKey(input: EvaluationKeyInput): string {
  return createHash('sha1')
    .update(`${EVALUATION_VERSION}\n${input.graphFingerprint}\n${input.maxCycles ?? ''}\n`)
    .update(JSON.stringify(input.rules))
    .update(input.rules.suppressions.map((s) => (isSuppressionExpired(s, input.nowMs) ? '1' : '0')).join(''))
    .digest('hex');
}

export type LoadedEvaluation =
  | { readonly status: 'hit'; readonly outcome: EvaluationOutcome }
  | { readonly status: 'miss' }
  | { readonly status: 'corrupt'; readonly warning: string };

/** Reads the stored evaluation; a result for another key is a miss, a malformed file is discarded with a warning. */
export function loadEvaluation(cacheDir: string, key: string): LoadedEvaluation {
  const file = join(cacheDir, EVALUATION_CACHE_FILE_NAME);
  const read = readCacheFile(file, 'evaluation cache');
  if (read.text === undefined)
    return read.warning === undefined ? { status: 'miss' } : { status: 'corrupt', warning: read.warning };
  const text = read.text;
  try {
    const data = JSON.parse(text) as unknown;
    if (typeof data !== 'object' || data === null) throw new Error('unexpected structure');
    const stored = data as { format?: unknown; key?: unknown; outcome?: unknown };
    if (stored.format !== FORMAT || typeof stored.key !== 'string' || !isOutcome(stored.outcome))
      throw new Error('unexpected structure');
    return stored.key === key ? { status: 'hit', outcome: restoreUndefinedFields(stored.outcome) } : { status: 'miss' };
  } catch (error) {
    return { status: 'corrupt', warning: `corrupt evaluation cache discarded: ${file} (${errorMessage(error)})` };
  }
}

/** Keeps only the latest evaluation: the common case is one rules file analysed again and again. */
export function saveEvaluation(cacheDir: string, key: string, outcome: EvaluationOutcome): void {
  writeFileAtomically(join(cacheDir, EVALUATION_CACHE_FILE_NAME), JSON.stringify({ format: FORMAT, key, outcome }));
}

// JSON drops undefined properties; a reused violation must look exactly like a computed one (same keys, same order).
const VIOLATION_SHAPE = {
  id: undefined,
  ruleId: undefined,
  ruleType: undefined,
  severity: undefined,
  sourceComponent: undefined,
  targetComponent: undefined,
  sourceFile: undefined,
  targetFile: undefined,
  line: undefined,
  cycleId: undefined,
  message: undefined,
};

function restoreUndefinedFields(outcome: EvaluationOutcome): EvaluationOutcome {
  return {
    ...outcome,
    violations: outcome.violations.map((v) => ({ ...VIOLATION_SHAPE, ...v })),
    suppressed: outcome.suppressed.map((v) => ({ ...VIOLATION_SHAPE, ...v })),
  };
}

const SEVERITIES = new Set(['blocking', 'warning', 'info']);

function isOutcome(v: unknown): v is EvaluationOutcome {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  const cycles = o.cycles as Record<string, unknown> | undefined;
  const summary = o.summary as Record<string, unknown> | undefined;
  const counts = o.edgeCounts as Record<string, unknown> | undefined;
  return (
    Array.isArray(o.components) &&
    typeof o.unmappedFiles === 'number' &&
    Array.isArray(o.componentWarnings) &&
    isViolationList(o.violations) &&
    isViolationList(o.suppressed) &&
    typeof summary === 'object' &&
    summary !== null &&
    typeof summary.total === 'number' &&
    typeof cycles === 'object' &&
    cycles !== null &&
    Array.isArray(cycles.stronglyConnected) &&
    Array.isArray(cycles.elementary) &&
    typeof cycles.truncated === 'boolean' &&
    Array.isArray(o.unresolvedImports) &&
    Array.isArray(o.couplingHotspots) &&
    typeof o.score === 'number' &&
    typeof o.compliant === 'boolean' &&
    Array.isArray(o.notes) &&
    o.notes.every((n) => typeof n === 'string') &&
    typeof counts === 'object' &&
    counts !== null &&
    ['edges', 'internalEdges', 'externalEdges', 'unresolvedEdges'].every((k) => typeof counts[k] === 'number')
  );
}

function isViolationList(v: unknown): boolean {
  return (
    Array.isArray(v) &&
    v.every((x: unknown) => {
      if (typeof x !== 'object' || x === null) return false;
      const r = x as Record<string, unknown>;
      return (
        typeof r.id === 'string' &&
        typeof r.ruleId === 'string' &&
        typeof r.message === 'string' &&
        SEVERITIES.has(r.severity as string)
      );
    })
  );
}
