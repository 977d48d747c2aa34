import { RULE_TYPES, SEVERITIES } from './rules-schema.js';

// A hand-written check of the rules-file schema (rules-schema.ts) for the fast path of parseArchitectureRules.
// It may reject a valid file (the caller then runs the full parse, with ajv and positions) but must never accept
// one the schema rejects: the tests compare it with ajv on generated documents. Why not ajv here: V8 compiles a
// validator on its first call, and ajv's pair took ~0.6 ms of a ~10 ms analysis in a fresh process.

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isStringList = (v: unknown, minItems = 0): boolean => Array.isArray(v) && v.length >= minItems && v.every(isNonEmptyString);
const isIntegerAtLeast = (v: unknown, min: number): boolean => Number.isInteger(v) && (v as number) >= min;

function onlyKeys(o: Json, allowed: readonly string[]): boolean {
  for (const key of Object.keys(o)) if (!allowed.includes(key)) return false;
  return true;
}

const COMPONENT_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isComponent(c: unknown): boolean {
  return isObject(c) && onlyKeys(c, ['name', 'paths', 'description']) && typeof c['name'] === 'string' &&
    COMPONENT_NAME.test(c['name']) && isStringList(c['paths'], 1) && (c['description'] === undefined || typeof c['description'] === 'string');
}

function isSuppression(s: unknown): boolean {
  return isObject(s) && onlyKeys(s, ['rule', 'from', 'to', 'justification', 'expires']) && isNonEmptyString(s['rule']) &&
    isNonEmptyString(s['from']) && (s['to'] === undefined || isNonEmptyString(s['to'])) &&
    typeof s['justification'] === 'string' && [...s['justification']].length >= 10 &&
    typeof s['expires'] === 'string' && DATE.test(s['expires']);
}

function isOptions(o: unknown): boolean {
  return isObject(o) && onlyKeys(o, ['includeTypeOnly', 'maxCycles', 'exclude']) &&
    (o['includeTypeOnly'] === undefined || typeof o['includeTypeOnly'] === 'boolean') &&
    (o['maxCycles'] === undefined || isIntegerAtLeast(o['maxCycles'], 1)) && (o['exclude'] === undefined || isStringList(o['exclude']));
}

/** True only when RULES_FILE_SCHEMA certainly accepts `data`. */
export function isPlainlyValidRulesFile(data: unknown): boolean {
  if (!isObject(data) || !onlyKeys(data, ['version', 'components', 'rules', 'suppressions', 'options'])) return false;
  const { version, components, rules, suppressions, options } = data;
  return (version === undefined || version === 1) &&
    (components === undefined || (Array.isArray(components) && components.every(isComponent))) &&
    (rules === undefined || (Array.isArray(rules) && rules.every((r) => typeof r === 'string' || isObject(r)))) &&
    (suppressions === undefined || (Array.isArray(suppressions) && suppressions.every(isSuppression))) &&
    (options === undefined || isOptions(options));
}

const RULE_KEYS = ['id', 'type', 'severity', 'component', 'description', 'target', 'targets', 'max', 'threshold', 'metric', 'scope', 'module', 'entries', 'exemptions'];
const optional = (v: unknown, check: (v: unknown) => boolean): boolean => v === undefined || check(v);

/** True only when RULE_OBJECT_SCHEMA certainly accepts `item`. */
export function isPlainlyValidRuleObject(item: unknown): boolean {
  if (!isObject(item) || !onlyKeys(item, RULE_KEYS)) return false;
  return (RULE_TYPES as readonly unknown[]).includes(item['type']) && isNonEmptyString(item['component']) &&
    optional(item['id'], isNonEmptyString) && optional(item['severity'], (v) => (SEVERITIES as readonly unknown[]).includes(v)) &&
    optional(item['description'], (v) => typeof v === 'string') && optional(item['target'], isNonEmptyString) &&
    optional(item['targets'], (v) => isStringList(v)) && optional(item['max'], (v) => isIntegerAtLeast(v, 0)) &&
    optional(item['threshold'], (v) => isIntegerAtLeast(v, 0)) &&
    optional(item['metric'], (v) => v === 'total' || v === 'afferent' || v === 'efferent') &&
    optional(item['scope'], (v) => v === 'file' || v === 'component') &&
    optional(item['module'], (v) => isNonEmptyString(v) && !v.includes('**')) &&
    optional(item['entries'], (v) => isStringList(v, 1)) && optional(item['exemptions'], (v) => isStringList(v));
}
