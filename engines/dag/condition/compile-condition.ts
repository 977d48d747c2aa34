import { ConditionError } from '../errors.js';
import type { ConditionPredicate } from '../types.js';
import type { ConditionScope } from './condition-scope.js';
import { evaluateCondition } from './evaluate.js';
import { parseCondition } from './parse.js';
import { errorMessage } from '../../common/index.js';

/**
 * Turns a condition (expression text or predicate) into one predicate that returns a boolean or throws a
 * ConditionError. Expression syntax errors throw a ConditionSyntaxError here, before anything runs.
 */
export function compileCondition(condition: string | ConditionPredicate): (scope: ConditionScope) => boolean {
  if (typeof condition === 'function') return guardPredicate(condition);
  const ast = parseCondition(condition);
  return (scope) => {
    const value = evaluateCondition(ast, scope);
    if (typeof value !== 'boolean') {
      throw new ConditionError(`condition "${condition}" evaluated to ${typeof value}, not a boolean`);
    }
    return value;
  };
}

function guardPredicate(predicate: ConditionPredicate): (scope: ConditionScope) => boolean {
  return (scope) => {
    let value: unknown;
    try {
      value = predicate(scope);
    } catch (error) {
      throw new ConditionError(`condition predicate threw: ${errorMessage(error)}`, { cause: error });
    }
    if (typeof value !== 'boolean')
      throw new ConditionError(`condition predicate returned ${typeof value}, not a boolean`);
    return value;
  };
}
