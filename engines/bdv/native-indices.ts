import type { Expression } from '@cucumber/cucumber-expressions';

/** The part of cucumber-expressions' TreeRegexp this relies on (not in its public types: checked at run time). */
interface TreeRegexpShape {
  regexp: RegExp;
  groupBuilder: { build(match: RegExpExecArray, nextGroupIndex: () => number): unknown };
  match(text: string): unknown;
}

function isTreeRegexp(value: unknown): value is TreeRegexpShape {
  if (typeof value !== 'object' || value === null) return false;
  const tree = value as Partial<TreeRegexpShape>;
  return (
    tree.regexp instanceof RegExp && typeof tree.match === 'function' && typeof tree.groupBuilder?.build === 'function'
  );
}

/**
 * Makes an expression find its groups' positions with the regular expression's native `d` flag instead of the
 * `regexp-match-indices` polyfill cucumber-expressions calls. The polyfill never takes the native path (it tests
 * for `indices` on a match made without `d`), so for every definition it parses the pattern with regexp-tree,
 * builds a second "measurement" expression, and runs that one again on every match to find where the groups
 * are: in a fresh process that is about a third of a 500-scenario run's CPU time. The groups built are the same
 * (`d` gives the spec's indices, which the polyfill computes); the arguments, parameter types and their errors
 * are still the library's own code. A pattern whose flags make `exec` stateful (`g`, `y`) keeps the library's
 * path, as does an expression of another shape (a future version of the library).
 */
export function useNativeMatchIndices(expression: Expression): void {
  const tree: unknown = (expression as unknown as { treeRegexp?: unknown }).treeRegexp;
  if (!isTreeRegexp(tree)) return;
  const { flags, source } = tree.regexp;
  if (/[gy]/.test(flags)) return;
  const native = new RegExp(source, flags.includes('d') ? flags : `${flags}d`);
  const builder = tree.groupBuilder;
  tree.match = (text: string): unknown => {
    const match = native.exec(text);
    if (match === null) return null;
    let groupIndex = 0;
    return builder.build(match, () => groupIndex++);
  };
}
