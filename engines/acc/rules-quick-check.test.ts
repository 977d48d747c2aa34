import { Ajv } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlainlyValidRuleObject, isPlainlyValidRulesFile } from './rules-quick-check.js';
import { RULE_OBJECT_SCHEMA, RULES_FILE_SCHEMA } from './rules-schema.js';

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const schemaAcceptsFile = ajv.compile(RULES_FILE_SCHEMA);
const schemaAcceptsRule = ajv.compile(RULE_OBJECT_SCHEMA);

// Every field takes valid values and near misses (wrong type, empty, one too short, a bad pattern), so the
// generated documents sit on both sides of each of the schema's conditions.
/** The first value is valid and comes up most often; the rest are variants and near misses. */
const pick = (first: unknown, ...others: unknown[]): fc.Arbitrary<unknown> => (others.length === 0
  ? fc.constant(first)
  : fc.oneof({ arbitrary: fc.constant(first), weight: 3 * others.length }, { arbitrary: fc.constantFrom(...others), weight: 2 }));
const withExtraKey = (record: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Record<string, unknown>> =>
  fc.tuple(record, fc.boolean(), fc.boolean()).map(([r, extra, again]) => (extra && again ? { ...r, extra: 1 } : r));
/** Optional fields come and go; the schema's required ones are usually there (and sometimes missing). */
const optional = (spec: Record<string, fc.Arbitrary<unknown>>, required: string[] = []): fc.Arbitrary<Record<string, unknown>> =>
  withExtraKey(fc.tuple(fc.record(spec, { requiredKeys: required }), fc.record(spec, { requiredKeys: [] }), fc.nat(9))
    .map(([usual, sparse, dice]) => (dice === 0 ? sparse : usual)));
const strings = pick(['a'], [], [''], ['a', 1], 'a');
const component = optional({ name: pick('UI', 'a.b-c_d', '9x', '', 1), paths: pick(['src/**'], [], [''], ['a', 1]), description: pick('d', 1, null) }, ['name', 'paths']);
const suppression = optional({
  rule: pick('x', '', 1), from: pick('src/**', ''), to: pick('b', ''),
  justification: pick('ten chars!', 'nine char', '😀'.repeat(9), '😀'.repeat(10), 10),
  expires: pick('2030-06-30', '2030-6-30', 20300630),
}, ['rule', 'from', 'justification', 'expires']);
const rule = optional({
  id: pick('x', ''), type: pick('NO_CYCLES', 'CAN_CALL', 'MUST_NOT_CALL', 'COUPLING', 'PUBLIC_ENTRY_ONLY', 'X'), severity: pick('blocking', 'info', 'fatal'),
  component: pick('UI', ''), description: pick('d', 1), target: pick('A', ''), targets: strings, max: pick(0, 3, -1, 1.5, '3'),
  threshold: pick(0, -1, 1.5), metric: pick('total', 'efferent', 'x'), scope: pick('file', 'component', 'x'),
  module: pick('src/*', 'src/**', ''), entries: strings, exemptions: strings,
}, ['type', 'component']);
const options = optional({ includeTypeOnly: pick(true, 'yes'), maxCycles: pick(1, 3, 0, 1.5), exclude: strings });
const file = optional({
  version: pick(1, 2, '1'), components: fc.oneof(fc.array(component, { maxLength: 3 }), pick('x', null)),
  rules: fc.oneof(fc.array(fc.oneof(rule, pick('UI: NO_CYCLES', 1, null, [])), { maxLength: 3 }), pick('x')),
  suppressions: fc.oneof(fc.array(suppression, { maxLength: 2 }), pick({})), options: fc.oneof(options, pick([], 'x')),
});

describe('rules quick check', () => {
  it('accepts only rules files the schema accepts, and the common ones', () => {
    let accepted = 0;
    fc.assert(fc.property(file, (data) => {
      if (!isPlainlyValidRulesFile(data)) return;
      accepted++;
      expect(schemaAcceptsFile(data)).toBe(true);
    }), { numRuns: 20_000, seed: 20_260_109 });
    expect(accepted).toBeGreaterThan(100);
    expect(isPlainlyValidRulesFile({ components: [{ name: 'UI', paths: ['src/**'] }], rules: ['UI: NO_CYCLES', { a: 1 }] })).toBe(true);
  });

  it('accepts only rule objects the schema accepts, and the common ones', () => {
    let accepted = 0;
    fc.assert(fc.property(rule, (item) => {
      if (!isPlainlyValidRuleObject(item)) return;
      accepted++;
      expect(schemaAcceptsRule(item)).toBe(true);
    }), { numRuns: 20_000, seed: 20_260_110 });
    expect(accepted).toBeGreaterThan(100);
    expect(isPlainlyValidRuleObject({ id: 'x', type: 'MUST_NOT_CALL', component: 'UI', targets: ['Data'], severity: 'blocking' })).toBe(true);
  });

  it('rejects each near miss on its own, as the schema does', () => {
    const suppression = { rule: 'x', from: 'src/**', justification: 'ten chars!', expires: '2030-06-30' };
    const base = { version: 1, components: [{ name: 'UI', paths: ['src/**'] }], rules: [{ type: 'NO_CYCLES', component: 'UI' }], suppressions: [suppression] };
    const nearMisses: unknown[] = [
      { ...base, version: 2 }, { ...base, extra: 1 }, { ...base, components: [{ name: '9x', paths: ['a'] }] },
      { ...base, components: [{ name: 'UI', paths: [] }] }, { ...base, components: [{ name: 'UI', paths: ['a'], x: 1 }] },
      { ...base, suppressions: [{ ...suppression, justification: 'nine char' }] },
      { ...base, suppressions: [{ ...suppression, justification: '😀'.repeat(9) }] },
      { ...base, suppressions: [{ ...suppression, expires: '2030-6-30' }] }, { ...base, suppressions: [{ ...suppression, to: '' }] },
      { ...base, options: { maxCycles: 0 } }, { ...base, options: { maxCycles: 1.5 } }, { ...base, options: { exclude: [''] } },
      { ...base, rules: [null] },
    ];
    for (const data of nearMisses) {
      expect(schemaAcceptsFile(data), JSON.stringify(data)).toBe(false);
      expect(isPlainlyValidRulesFile(data), JSON.stringify(data)).toBe(false);
    }
    expect(isPlainlyValidRulesFile({ ...base, suppressions: [{ ...suppression, justification: '😀'.repeat(10) }] })).toBe(true);
    const rule = { type: 'COUPLING', component: 'UI' };
    for (const item of [{ ...rule, module: 'src/**' }, { ...rule, max: -1 }, { ...rule, targets: [''] }, { ...rule, entries: [] }, { ...rule, metric: 'x' }, { ...rule, x: 1 }]) {
      expect(schemaAcceptsRule(item), JSON.stringify(item)).toBe(false);
      expect(isPlainlyValidRuleObject(item), JSON.stringify(item)).toBe(false);
    }
  });
});
