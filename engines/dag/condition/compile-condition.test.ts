import { describe, expect, it } from 'vitest';
import { ConditionError, ConditionSyntaxError } from '../errors.js';
import { compileCondition } from './compile-condition.js';
import type { ConditionScope } from './condition-scope.js';

const scope: ConditionScope = {
  context: { env: 'staging', retries: 3, flags: { fast: true }, list: ['a', 'b'], nothing: null },
  inputs: { test: { passed: true, coverage: 81.5 }, 'lint-step': { errors: 0 } },
  config: { threshold: 80 },
};

const evaluate = (expression: string): boolean => compileCondition(expression)(scope);

describe('compileCondition (expression language)', () => {
  it.each([
    ["context.env == 'staging'", true],
    ['context.env != "staging"', false],
    ['context.retries >= 3 && context.retries < 4', true],
    ['inputs.test.coverage > config.threshold', true],
    ['inputs.test.passed && !context.flags.fast', false],
    ['inputs.test.passed || context.missing.deep', true],
    ['!(context.retries <= 2) && (false || true)', true],
    ["inputs['lint-step'].errors == 0", true],
    ['context.list[1] == "b"', true],
    ['context.nothing == null', true],
    ['context.absent == undefined', true],
    ['-context.retries < -2', true],
    ['1.5e1 == 15', true],
    ["'a\\'b' == \"a'b\"", true],
    ['context.retries === 3 && context.env !== "prod"', true],
    ['true', true],
  ])('%s evaluates to %s', (expression, expected) => {
    expect(evaluate(expression)).toBe(expected);
  });

  it('binds && tighter than || and comparisons tighter than &&', () => {
    expect(evaluate('true || false && false')).toBe(true);
    expect(evaluate('(true || false) && false')).toBe(false);
    expect(evaluate('context.retries == 3 == true')).toBe(true);
  });

  it('short-circuits so the right side of a decided && / || is never read', () => {
    expect(evaluate('false && context.missing.deep')).toBe(false);
  });

  it.each([
    ['context.missing.deep', /cannot read "deep" of context.missing/],
    ['context.env > 3', /needs two numbers or two strings/],
    ['!context.env', /"!" needs a boolean/],
    ['context.retries && true', /"&&" needs a boolean/],
    ['context.retries', /evaluated to number, not a boolean/],
    ['-context.env == 1', /unary "-" needs a number/],
  ])('%s is an evaluation error, never a silent false', (expression, message) => {
    const predicate = compileCondition(expression);
    expect(() => predicate(scope)).toThrowError(ConditionError);
    expect(() => predicate(scope)).toThrowError(message);
  });

  it('does not coerce in == (1 is not "1")', () => {
    expect(compileCondition('context.n == "1"')({ ...scope, context: { n: 1 } })).toBe(false);
  });

  it('cannot reach prototypes or globals', () => {
    expect(evaluate('context.constructor == undefined')).toBe(true);
    expect(evaluate('context.__proto__ == undefined')).toBe(true);
    expect(() => compileCondition('process.exit == undefined')).toThrowError(/unknown name "process"/);
    expect(() => compileCondition('globalThis.x')).toThrowError(ConditionSyntaxError);
  });

  it.each([
    ['context.env ==', /unexpected end of expression at position 14/],
    ["context.env == 'open", /unterminated string at position 15/],
    ['(true', /expected "\)"/],
    ['context.', /expected a property name/],
    ['context.a = 1', /unexpected character "="/],
    ['context.a; 1', /unexpected character ";"/],
    ['true true', /unexpected "true"/],
    ['context[x]', /expected a string or number key/],
  ])('rejects %s at compile time', (expression, message) => {
    expect(() => compileCondition(expression)).toThrowError(message);
  });

  it('wraps a throwing predicate and rejects a non-boolean result', () => {
    const cause = new Error('no');
    const throwing = compileCondition(() => {
      throw cause;
    });
    expect(() => throwing(scope)).toThrowError(ConditionError);
    try {
      throwing(scope);
    } catch (error) {
      expect((error as ConditionError).cause).toBe(cause);
      expect((error as ConditionError).code).toBe('DAG_CONDITION_FAILED');
    }
    const notBoolean = compileCondition((() => 'yes') as unknown as () => boolean);
    expect(() => notBoolean(scope)).toThrowError(/returned string/);
    expect(compileCondition((s) => s.config['threshold'] === 80)(scope)).toBe(true);
  });
});
