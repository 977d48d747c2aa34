import type { StreamName, Verdict } from './types.js';

/**
 * The tri-modal verdict, as in the original Maestro: which streams failed says where the problem lies.
 * Only BDV failing means the behaviour was not designed right (DESIGN_GAP); only ACC, that the architecture
 * drifted (ARCHITECTURAL_EROSION); only DDE, that the delivery process broke (PROCESS_ISSUE). Two failing is
 * MIXED_FAILURE, three SYSTEMIC_FAILURE.
 */
export function computeVerdict(passed: { readonly [K in StreamName]: boolean }): Verdict {
  const failed = (['DDE', 'BDV', 'ACC'] as const).filter((name) => !passed[name]);
  if (failed.length === 0) return 'ALL_PASS';
  if (failed.length === 3) return 'SYSTEMIC_FAILURE';
  if (failed.length === 2) return 'MIXED_FAILURE';
  switch (failed[0]) {
    case 'BDV':
      return 'DESIGN_GAP';
    case 'ACC':
      return 'ARCHITECTURAL_EROSION';
    default:
      return 'PROCESS_ISSUE';
  }
}

/** Deploy only when every stream passed. */
export function isDeployable(verdict: Verdict): boolean {
  return verdict === 'ALL_PASS';
}
