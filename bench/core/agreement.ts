import type { Outcome, OutcomeValue } from './bench-types.js';

export interface AgreementCheck {
  readonly agree: boolean;
  /** One readable line per key that differs or is missing, e.g. `cycles: expected 3 items, got 2 (missing: a|b)`. */
  readonly differences: readonly string[];
}

/**
 * Compares the facts named by `keys` between a reference outcome (ours, or the generator's manifest) and a
 * candidate. A key missing on either side is a difference: a contender that does not report a fact cannot be
 * said to agree on it. With no keys at all there is nothing to agree on, which is reported as a difference too.
 */
export function checkAgreement(reference: Outcome, candidate: Outcome, keys: readonly string[]): AgreementCheck {
  if (keys.length === 0) return { agree: false, differences: ['no facts to compare'] };
  const differences: string[] = [];
  for (const key of keys) {
    const expected = reference[key];
    const actual = candidate[key];
    if (expected === undefined || actual === undefined) {
      differences.push(`${key}: ${expected === undefined ? 'missing in reference' : 'not reported'}`);
      continue;
    }
    const difference = describeDifference(expected, actual);
    if (difference !== undefined) differences.push(`${key}: ${difference}`);
  }
  return { agree: differences.length === 0, differences };
}

/** Sets of strings are compared as sets (order-insensitive); scalars by identity. */
function describeDifference(expected: OutcomeValue, actual: OutcomeValue): string | undefined {
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual)) return `expected ${show(expected)}, got ${show(actual)}`;
    const want = new Set<string>(expected as readonly string[]);
    const got = new Set<string>(actual as readonly string[]);
    const missing = [...want].filter((v) => !got.has(v)).sort();
    const extra = [...got].filter((v) => !want.has(v)).sort();
    if (missing.length === 0 && extra.length === 0) return undefined;
    const parts = [`expected ${want.size} items, got ${got.size}`];
    if (missing.length > 0) parts.push(`missing: ${sample(missing)}`);
    if (extra.length > 0) parts.push(`unexpected: ${sample(extra)}`);
    return parts.join('; ');
  }
  return expected === actual ? undefined : `expected ${show(expected)}, got ${show(actual)}`;
}

function show(value: OutcomeValue): string {
  return Array.isArray(value) ? `[${value.length} items]` : JSON.stringify(value);
}

function sample(values: readonly string[]): string {
  const shown = values.slice(0, 3).join(', ');
  return values.length > 3 ? `${shown} (+${values.length - 3} more)` : shown;
}
