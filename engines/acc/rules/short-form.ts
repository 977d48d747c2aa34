import type { ArchitectureRule, Severity } from './rule-types.js';

/** Severities the original gave short-form rules. */
const SHORT_FORM_SEVERITY: Record<ArchitectureRule['type'], Severity> = {
  CAN_CALL: 'warning',
  MUST_NOT_CALL: 'blocking',
  COUPLING: 'warning',
  NO_CYCLES: 'blocking',
  PUBLIC_ENTRY_ONLY: 'blocking',
};

export function defaultSeverity(type: ArchitectureRule['type']): Severity {
  return SHORT_FORM_SEVERITY[type];
}

/**
 * Parses `CAN_CALL(A, B)`, `MUST_NOT_CALL(A)`, `COUPLING < N` (or `<= N`) and `NO_CYCLES` for `component`.
 * Returns an error message instead of throwing so the caller can attach a line number.
 */
export function parseShortFormRule(component: string, text: string): ArchitectureRule | string {
  const body = text.trim();
  const call = /^(CAN_CALL|MUST_NOT_CALL)\s*\(([^()]*)\)$/.exec(body);
  if (call) {
    const type = call[1] === 'CAN_CALL' ? 'CAN_CALL' : 'MUST_NOT_CALL';
    const targets = (call[2] ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t.length > 0);
    if (type === 'MUST_NOT_CALL' && targets.length === 0) return 'MUST_NOT_CALL needs at least one target component';
    const bad = targets.find((t) => !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(t));
    if (bad !== undefined) return `"${bad}" is not a component name`;
    return {
      id: `${component}_${type}_${targets.join('_') || 'NONE'}`,
      type,
      severity: defaultSeverity(type),
      component,
      targets,
      description: `${component} ${type === 'CAN_CALL' ? 'can only call' : 'must not call'} ${targets.join(', ') || 'nothing else'}`,
      exemptions: [],
    };
  }
  const coupling = /^COUPLING\s*(<=|<)\s*(\d+)$/.exec(body);
  if (coupling) {
    const bound = Number(coupling[2]);
    const max = coupling[1] === '<' ? bound - 1 : bound;
    if (max < 0) return 'COUPLING < 0 can never hold';
    return {
      id: `${component}_COUPLING_${bound}`,
      type: 'COUPLING',
      severity: defaultSeverity('COUPLING'),
      component,
      max,
      metric: 'total',
      scope: 'file',
      description: `${component} coupling (Ca + Ce per file) must be ${coupling[1]} ${bound}`,
      exemptions: [],
    };
  }
  if (body === 'NO_CYCLES') {
    return {
      id: `${component}_NO_CYCLES`,
      type: 'NO_CYCLES',
      severity: defaultSeverity('NO_CYCLES'),
      component,
      description: `${component} must not have cyclic dependencies`,
      exemptions: [],
    };
  }
  return `cannot parse "${body}": expected CAN_CALL(A, B), MUST_NOT_CALL(A), COUPLING < N, COUPLING <= N or NO_CYCLES`;
}
