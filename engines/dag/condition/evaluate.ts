import { ConditionError } from '../errors.js';
import type { ConditionScope } from './condition-scope.js';
import type { CompareOperator, ConditionAst } from './parse.js';

/**
 * Evaluates a parsed condition. Strict on purpose, so a typo fails the node instead of silently skipping it:
 * `==`/`!=` never coerce, `<`-style comparisons need two numbers or two strings, `!`, `&&` and `||` need booleans,
 * reading a property of a missing value is an error, and only own properties are visible (no `constructor`,
 * `__proto__` or other prototype reach).
 */
export function evaluateCondition(ast: ConditionAst, scope: ConditionScope): unknown {
  switch (ast.kind) {
    case 'literal':
      return ast.value;
    case 'path':
      return readPath(ast.root, ast.keys, scope);
    case 'not':
      return !requireBoolean(evaluateCondition(ast.operand, scope), '!');
    case 'negate': {
      const value = evaluateCondition(ast.operand, scope);
      if (typeof value !== 'number') throw new ConditionError(`unary "-" needs a number, got ${describeValue(value)}`);
      return -value;
    }
    case 'logical': {
      const left = requireBoolean(evaluateCondition(ast.left, scope), ast.operator);
      if (ast.operator === '&&' ? !left : left) return left;
      return requireBoolean(evaluateCondition(ast.right, scope), ast.operator);
    }
    case 'compare':
      return compare(ast.operator, evaluateCondition(ast.left, scope), evaluateCondition(ast.right, scope));
  }
}

function readPath(root: keyof ConditionScope, keys: readonly string[], scope: ConditionScope): unknown {
  let value: unknown = scope[root];
  let text: string = root;
  for (const key of keys) {
    if (value === null || typeof value !== 'object') {
      throw new ConditionError(`cannot read "${key}" of ${text}, which is ${describeValue(value)}`);
    }
    value = Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
    text += `.${key}`;
  }
  return value;
}

function compare(operator: CompareOperator, left: unknown, right: unknown): boolean {
  if (operator === '==') return Object.is(left, right) || left === right;
  if (operator === '!=') return !(Object.is(left, right) || left === right);
  const comparable =
    (typeof left === 'number' && typeof right === 'number') || (typeof left === 'string' && typeof right === 'string');
  if (!comparable) {
    throw new ConditionError(
      `"${operator}" needs two numbers or two strings, got ${describeValue(left)} and ${describeValue(right)}`,
    );
  }
  const [a, b] = [left, right] as [number, number];
  switch (operator) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

function requireBoolean(value: unknown, operator: string): boolean {
  if (typeof value !== 'boolean')
    throw new ConditionError(`"${operator}" needs a boolean, got ${describeValue(value)}`);
  return value;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`;
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object';
  return `${typeof value} ${String(value)}`;
}
