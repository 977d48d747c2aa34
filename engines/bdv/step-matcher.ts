import type { Argument } from '@cucumber/cucumber-expressions';
import type { StepDefinition } from './step-types.js';

/** How a step's text resolved against the registry. */
export type StepMatch =
  | { readonly kind: 'matched'; readonly definition: StepDefinition; readonly args: readonly Argument[] }
  | { readonly kind: 'undefined' }
  | { readonly kind: 'ambiguous'; readonly definitions: readonly StepDefinition[] }
  | { readonly kind: 'error'; readonly error: unknown };

export interface StepMatcher {
  match(text: string): StepMatch;
}

const UNDEFINED: StepMatch = Object.freeze({ kind: 'undefined' });

interface IndexedDefinition {
  readonly definition: StepDefinition;
  readonly order: number;
  /** Literal text every matching step starts with ('' when unknown). */
  readonly prefix: string;
}

/**
 * Builds the matching index once: definitions are bucketed by the first character of their literal prefix,
 * and results are memoised per step text. A suite repeats the same step texts thousands of times, so the
 * expression engine runs once per distinct text instead of once per executed step.
 */
export function createStepMatcher(definitions: readonly StepDefinition[]): StepMatcher {
  const byFirstChar = new Map<string, IndexedDefinition[]>();
  const anywhere: IndexedDefinition[] = [];
  definitions.forEach((definition, order) => {
    const prefix = literalPrefix(definition.pattern);
    const entry = { definition, order, prefix };
    if (prefix === '') anywhere.push(entry);
    else {
      const first = prefix[0] as string;
      const bucket = byFirstChar.get(first);
      if (bucket === undefined) byFirstChar.set(first, [entry]);
      else bucket.push(entry);
    }
  });
  const cache = new Map<string, StepMatch>();

  const resolve = (text: string): StepMatch => {
    const bucket = byFirstChar.get(text.charAt(0));
    const candidates = bucket === undefined ? anywhere : mergeByOrder(bucket, anywhere);
    const found: { definition: StepDefinition; args: readonly Argument[] }[] = [];
    for (const { definition, prefix } of candidates) {
      if (prefix !== '' && !text.startsWith(prefix)) continue;
      let args: readonly Argument[] | null;
      try {
        // Compiled by StepRegistry.matcher() before this matcher was built.
        args = (definition.expression as NonNullable<StepDefinition['expression']>).match(text);
      } catch (error) {
        return { kind: 'error', error };
      }
      if (args !== null) found.push({ definition, args });
    }
    if (found.length === 0) return UNDEFINED;
    if (found.length > 1) return { kind: 'ambiguous', definitions: found.map((f) => f.definition) };
    const only = found[0] as (typeof found)[number];
    return { kind: 'matched', definition: only.definition, args: only.args };
  };

  return {
    match(text) {
      let result = cache.get(text);
      if (result === undefined) {
        result = resolve(text);
        cache.set(text, result);
      }
      return result;
    },
  };
}

function mergeByOrder(a: readonly IndexedDefinition[], b: readonly IndexedDefinition[]): readonly IndexedDefinition[] {
  if (b.length === 0) return a;
  return [...a, ...b].sort((x, y) => x.order - y.order);
}

/**
 * The literal text a pattern's matches must start with. Conservative: stops at anything that could make
 * the start optional or variable (parameters, optionals, alternatives, escapes, regex syntax).
 */
export function literalPrefix(pattern: string | RegExp): string {
  if (typeof pattern === 'string') {
    const stop = pattern.search(/[{(/\\]/);
    const head = stop === -1 ? pattern : pattern.slice(0, stop);
    // A word right before `/` may be an alternative (`a/b`), so drop the last partial word too.
    if (stop !== -1 && pattern[stop] === '/') return head.slice(0, head.lastIndexOf(' ') + 1);
    return head;
  }
  // A `|` anywhere may be a top-level alternation (`^a|b` matches "xb"), so no prefix can be trusted.
  if (/[imy]/.test(pattern.flags) || !pattern.source.startsWith('^') || pattern.source.includes('|')) return '';
  const source = pattern.source.slice(1);
  const stop = source.search(/[\\^$.|?*+()[\]{}]/);
  let head = stop === -1 ? source : source.slice(0, stop);
  // A quantifier applies to the character before it, which therefore may be absent.
  if (stop !== -1 && /[?*{]/.test(source[stop] as string)) head = head.slice(0, -1);
  return head;
}
