import { describe, expect, it } from 'vitest';
import { createStepRegistry } from './index.js';
import { literalPrefix } from './step-matcher.js';

describe('step matching', () => {
  it('matches Cucumber Expressions with optionals, alternatives and built-in types', () => {
    const registry = createStepRegistry();
    registry.api.Given('I have {int} cucumber(s) in my belly/stomach', () => undefined);
    registry.api.Given('a price of {float} {word}', () => undefined);
    const matcher = registry.matcher();
    const one = matcher.match('I have 1 cucumber in my belly');
    const many = matcher.match('I have 42 cucumbers in my stomach');
    expect(one.kind).toBe('matched');
    expect(many.kind === 'matched' && many.args.map((a) => a.getValue(null))).toEqual([42]);
    const price = matcher.match('a price of 9.5 EUR');
    expect(price.kind === 'matched' && price.args.map((a) => a.getValue(null))).toEqual([9.5, 'EUR']);
    expect(matcher.match('I have many cucumbers in my belly').kind).toBe('undefined');
  });

  it('matches regular expressions, including ones without an anchor or with a top-level alternation', () => {
    const registry = createStepRegistry();
    registry.api.Given(/^the (\w+) is (on|off)$/, () => undefined);
    registry.api.Given(/contains? "([^"]*)"/, () => undefined);
    registry.api.Given(/^alpha|beta$/, () => undefined);
    const matcher = registry.matcher();
    const light = matcher.match('the light is on');
    expect(light.kind === 'matched' && light.args.map((a) => a.getValue(null))).toEqual(['light', 'on']);
    expect(matcher.match('the list contains "x"').kind).toBe('matched');
    // /^alpha|beta$/ matches any text ending in "beta": an index keyed on "alpha" would miss it.
    expect(matcher.match('zeta beta').kind).toBe('matched');
  });

  it('reports every matching definition when ambiguous, in definition order', () => {
    const registry = createStepRegistry();
    registry.api.Given('a {word} car', () => undefined);
    registry.api.Given(/^a (.*) car$/, () => undefined);
    registry.api.Given('a red car', () => undefined);
    const match = registry.matcher().match('a red car');
    expect(match.kind).toBe('ambiguous');
    expect(match.kind === 'ambiguous' && match.definitions.map((d) => d.id)).toEqual(['step-0', 'step-1', 'step-2']);
  });

  it('leaves out a definition whose expression names an unknown parameter type, as Cucumber does, and lists it', () => {
    const registry = createStepRegistry();
    registry.api.Given('a {colour} ball', () => undefined);
    registry.api.Given('a red cube', () => undefined);
    expect(registry.matcher().match('a red ball').kind).toBe('undefined');
    expect(registry.matcher().match('a red cube').kind).toBe('matched');
    expect(registry.undefinedParameterTypes).toEqual([{ name: 'colour', expression: 'a {colour} ball' }]);
  });

  it('rejects bad definitions at registration', () => {
    const registry = createStepRegistry();
    expect(() => registry.api.Given(42 as unknown as string, () => undefined)).toThrow(
      /pattern must be a string or a RegExp/,
    );
    expect(() => registry.api.Given('x', { timeoutMs: -1 }, () => undefined)).toThrow(/timeout must be a positive/);
    expect(() => registry.api.Before('@a and', () => undefined)).toThrow(/invalid tag expression/);
  });

  it('derives only literal prefixes that every match must start with', () => {
    expect(literalPrefix('I have {int} cukes')).toBe('I have ');
    expect(literalPrefix('I have a cat/dog')).toBe('I have a ');
    expect(literalPrefix('(the )user logs in')).toBe('');
    expect(literalPrefix(/^the (\w+) is on$/)).toBe('the ');
    expect(literalPrefix(/^colou?r/)).toBe('colo');
    expect(literalPrefix(/^abc/i)).toBe('');
    expect(literalPrefix(/abc/)).toBe('');
    expect(literalPrefix(/^a|b/)).toBe('');
  });

  it('memoises matches per text but builds argument values per call', () => {
    const registry = createStepRegistry();
    registry.api.defineParameterType({ name: 'box', regexp: /\d+/, transformer: (n) => ({ n: Number(n) }) });
    registry.api.Given('a {box}', () => undefined);
    const matcher = registry.matcher();
    const first = matcher.match('a 3');
    const second = matcher.match('a 3');
    expect(second).toBe(first);
    const values = [first, second].map((m) => (m.kind === 'matched' ? m.args[0]?.getValue(null) : undefined));
    expect(values[0]).toEqual({ n: 3 });
    expect(values[0]).not.toBe(values[1]);
  });
});
