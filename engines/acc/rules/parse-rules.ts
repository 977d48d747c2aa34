import { createRequire } from 'node:module';
import type { ErrorObject } from 'ajv';
import type * as Yaml from 'yaml';
import type { Document, LineCounter } from 'yaml';
import { DEFAULT_COMPONENTS, DEFAULT_RULES } from './default-rules.js';
import { RulesValidationError, type RulesIssue } from '../errors.js';
import type { ArchitectureRule, ArchitectureRules, ComponentDefinition, Suppression } from './rule-types.js';
import { loadRulesValidators, type RulesValidators } from './rules-validators.js';
import { defaultSeverity, parseShortFormRule } from './short-form.js';
import { InputFileError, readInputFile } from '../read-input-file.js';
import { errorMessage } from '../../common/index.js';

// yaml and the schema validators cost tens of ms of CPU at start-up: loaded on the first rules file, so an analysis
// with the built-in rules (and `maestro analyze --help`) never pays for them.
const load = createRequire(import.meta.url);
let yamlModule: typeof Yaml | undefined;
const yaml = (): typeof Yaml => (yamlModule ??= load('yaml') as typeof Yaml);
let validators: RulesValidators | undefined;
const schemaValidators = (): RulesValidators => (validators ??= loadRulesValidators());

type Segment = string | number;

function fieldName(path: readonly Segment[]): string {
  let out = '';
  for (const s of path) out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
  return out === '' ? '(root)' : out;
}

function decodePointer(pointer: string): Segment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((p) => {
      const s = p.replace(/~1/g, '/').replace(/~0/g, '~');
      return /^\d+$/.test(s) ? Number(s) : s;
    });
}

/** Locates a YAML node (or a map key, for unknown-field errors) and converts its offset to line/column. */
class Locator {
  /** For rules given as data rather than text: no document, so every position is line 0, column 0. */
  static readonly NONE = new Locator(undefined, undefined);

  constructor(
    private readonly doc: Document | undefined,
    private readonly lines: LineCounter | undefined,
  ) {}

  at(path: readonly Segment[], key?: string): { line: number; column: number } {
    if (this.doc === undefined || this.lines === undefined) return { line: 0, column: 0 };
    let offset = 0;
    const node = path.length === 0 ? this.doc.contents : this.doc.getIn(path, true);
    if (node && typeof node === 'object' && 'range' in node && Array.isArray(node.range))
      offset = node.range[0] as number;
    const { isMap, isScalar } = yaml();
    if (key !== undefined && isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
      if (pair && isScalar(pair.key) && pair.key.range) offset = pair.key.range[0];
    }
    const pos = this.lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  }
}

function ajvIssues(
  errors: readonly ErrorObject[] | null | undefined,
  base: readonly Segment[],
  loc: Locator,
): RulesIssue[] {
  const issues: RulesIssue[] = [];
  for (const e of errors ?? []) {
    const path = [...base, ...decodePointer(e.instancePath)];
    let key: string | undefined;
    let message = e.message ?? 'invalid';
    let field = path;
    if (e.keyword === 'additionalProperties') {
      key = String((e.params as { additionalProperty: string }).additionalProperty);
      field = [...path, key];
      message = 'unknown field';
    } else if (e.keyword === 'required') {
      const missing = String((e.params as { missingProperty: string }).missingProperty);
      field = [...path, missing];
      message = 'is required';
    } else if (e.keyword === 'enum') {
      message = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    } else if (e.keyword === 'not' && path[path.length - 1] === 'module') {
      message = 'must not contain ** (a module is a fixed-depth directory pattern such as engines/*)';
    }
    issues.push({ ...loc.at(path, key), field: fieldName(field), message });
  }
  return issues;
}

interface RawRule {
  id?: string;
  type: ArchitectureRule['type'];
  severity?: ArchitectureRule['severity'];
  component: string;
  description?: string;
  target?: string;
  targets?: string[];
  max?: number;
  threshold?: number;
  metric?: 'total' | 'afferent' | 'efferent';
  scope?: 'file' | 'component';
  module?: string;
  entries?: string[];
  exemptions?: string[];
}

function buildLongRule(
  raw: RawRule,
  path: readonly Segment[],
  loc: Locator,
  issues: RulesIssue[],
): ArchitectureRule | undefined {
  const severity = raw.severity ?? defaultSeverity(raw.type);
  const common = { severity, component: raw.component, exemptions: raw.exemptions ?? [] };
  const problem = (field: string, message: string): undefined => {
    issues.push({ ...loc.at(path), field: fieldName([...path, field]), message });
    return undefined;
  };
  switch (raw.type) {
    case 'CAN_CALL':
    case 'MUST_NOT_CALL': {
      if (raw.target !== undefined && raw.targets !== undefined)
        return problem('targets', 'give either target or targets, not both');
      const targets = raw.targets ?? (raw.target !== undefined ? [raw.target] : undefined);
      if (targets === undefined) return problem('targets', `${raw.type} needs target or targets`);
      if (raw.type === 'MUST_NOT_CALL' && targets.length === 0)
        return problem('targets', 'MUST_NOT_CALL needs at least one target');
      return {
        ...common,
        type: raw.type,
        targets,
        id: raw.id ?? `${raw.component}_${raw.type}_${targets.join('_') || 'NONE'}`,
        description:
          raw.description ??
          `${raw.component} ${raw.type === 'CAN_CALL' ? 'can only call' : 'must not call'} ${targets.join(', ')}`,
      };
    }
    case 'COUPLING': {
      if (raw.max !== undefined && raw.threshold !== undefined)
        return problem('max', 'give either max or threshold, not both');
      const max = raw.max ?? raw.threshold;
      if (max === undefined) return problem('max', 'COUPLING needs max (inclusive bound)');
      return {
        ...common,
        type: 'COUPLING',
        max,
        metric: raw.metric ?? 'total',
        scope: raw.scope ?? 'file',
        id: raw.id ?? `${raw.component}_COUPLING_${max}`,
        description: raw.description ?? `${raw.component} ${raw.metric ?? 'total'} coupling must be <= ${max}`,
      };
    }
    case 'NO_CYCLES':
      return {
        ...common,
        type: 'NO_CYCLES',
        id: raw.id ?? `${raw.component}_NO_CYCLES`,
        description: raw.description ?? `${raw.component} must not have cyclic dependencies`,
      };
    case 'PUBLIC_ENTRY_ONLY':
      if (raw.module === undefined) return problem('module', 'PUBLIC_ENTRY_ONLY needs module (e.g. engines/*)');
      return {
        ...common,
        type: 'PUBLIC_ENTRY_ONLY',
        module: raw.module,
        entries: raw.entries ?? ['index.ts', 'index.tsx', 'index.js', 'index.mjs'],
        id: raw.id ?? `${raw.component}_PUBLIC_ENTRY_ONLY`,
        description:
          raw.description ??
          `other code may import ${raw.module} only through ${(raw.entries ?? ['index.ts']).join(', ')}`,
      };
  }
}

/** `- UI: CAN_CALL(Api)` parses as a one-key map whose value is the rule text. */
function isShortFormMap(item: Record<string, unknown>): boolean {
  const keys = Object.keys(item);
  return !('type' in item) && keys.length === 1 && typeof item[keys[0] ?? ''] === 'string';
}

/**
 * Parses and validates an architecture rules YAML text. Every problem is collected with its line, column and
 * field before anything is thrown, so a user fixes the file in one pass.
 *
 * Omitting `components` selects the default components; omitting both `components` and `rules` selects the
 * default rules too.
 */
export function parseArchitectureRules(text: string, source = 'maestro.architecture.yaml'): ArchitectureRules {
  const { LineCounter, isScalar, parseDocument } = yaml();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const issues: RulesIssue[] = [];
  for (const e of doc.errors) {
    const pos = lines.linePos(e.pos[0]);
    issues.push({ line: pos.line, column: pos.col, field: '(yaml)', message: e.message.split('\n')[0] ?? e.message });
  }
  if (issues.length > 0) throw new RulesValidationError(source, issues);
  if (doc.contents === null || (isScalar(doc.contents) && (doc.contents.value === null || doc.contents.value === ''))) {
    // An empty or comment-only file would otherwise apply the built-in defaults under this file's name.
    throw new RulesValidationError(source, [
      {
        line: 1,
        column: 1,
        field: '(root)',
        message:
          'the rules file is empty (only comments or whitespace): write components and rules, or remove the file to use the built-in defaults',
      },
    ]);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // Undefined aliases and alias bombs are only found while building the data: report them like parse errors.
    const message = errorMessage(error);
    const at = aliasPosition(doc, lines, /Unresolved alias/.test(message));
    throw new RulesValidationError(source, [{ line: at.line, column: at.col, field: '(yaml)', message }]);
  }
  return interpretRules((data ?? {}) as Record<string, unknown>, new Locator(doc, lines), source);
}

/** Aliases a rules file may expand (the yaml package's own default): a few dozen is already a very large file. */
const MAX_ALIAS_COUNT = 100;
/** A rules file is hand-written: a megabyte is far beyond any real one, and reading a bigger one costs seconds. */
const MAX_RULES_FILE_BYTES = 1024 * 1024;

/** Where the offending alias is: the first that resolves to nothing (`unresolved`), else the first alias. */
function aliasPosition(doc: Document, lines: LineCounter, unresolved: boolean): { line: number; col: number } {
  let offset: number | undefined;
  const { visit } = yaml();
  visit(doc, {
    Alias(_key, node) {
      if (unresolved && node.resolve(doc) !== undefined) return undefined;
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset === undefined ? { line: 1, col: 1 } : lines.linePos(offset);
}

/**
 * Validates and builds rules that are already data (parsed from JSON or YAML by the caller, or written in code),
 * against the same schema and checks as {@link parseArchitectureRules}. Problems carry the field but no position
 * (line and column 0).
 */
export function rulesFromData(data: unknown, source = 'architecture rules'): ArchitectureRules {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new RulesValidationError(source, [{ line: 0, column: 0, field: '(root)', message: 'must be an object' }]);
  }
  return interpretRules(data as Record<string, unknown>, Locator.NONE, source);
}

/** Validates and builds the rules from the parsed document, collecting every problem before throwing. */
function interpretRules(data: Record<string, unknown>, loc: Locator, source: string): ArchitectureRules {
  const issues: RulesIssue[] = [];
  const rawRules: unknown = data['rules'];
  const { file: validateFile, rule: validateRule } = schemaValidators();
  if (!validateFile(data)) {
    // Report rule-item problems in the same pass as file-level ones, so one run lists everything.
    issues.push(...ajvIssues(validateFile.errors, [], loc));
    if (Array.isArray(rawRules)) {
      rawRules.forEach((item: unknown, i: number) => {
        if (
          typeof item === 'object' &&
          item !== null &&
          !isShortFormMap(item as Record<string, unknown>) &&
          !validateRule(item)
        ) {
          issues.push(...ajvIssues(validateRule.errors, ['rules', i], loc));
        }
      });
    }
    throw new RulesValidationError(
      source,
      issues.sort((a, b) => a.line - b.line || a.column - b.column),
    );
  }
  const file = data as {
    components?: ComponentDefinition[];
    rules?: (string | Record<string, unknown>)[];
    suppressions?: Suppression[];
    options?: {
      includeTypeOnly?: boolean;
      maxCycles?: number;
      exclude?: string[];
      componentOverlap?: 'first-match' | 'error';
    };
  };

  const components = file.components ?? [...DEFAULT_COMPONENTS];
  const names = new Set<string>();
  components.forEach((c, i) => {
    if (names.has(c.name))
      issues.push({
        ...loc.at(['components', i, 'name']),
        field: `components[${i}].name`,
        message: `duplicate component "${c.name}"`,
      });
    names.add(c.name);
  });

  const rules: ArchitectureRule[] = [];
  (file.rules ?? []).forEach((item, i) => {
    const path: Segment[] = ['rules', i];
    let rule: ArchitectureRule | string | undefined;
    if (typeof item === 'string') {
      const colon = item.indexOf(':');
      rule =
        colon < 0
          ? 'short form must look like "Component: CAN_CALL(Other)"'
          : parseShortFormRule(item.slice(0, colon).trim(), item.slice(colon + 1));
    } else if (isShortFormMap(item)) {
      const [component, body] = Object.entries(item)[0] as [string, string];
      rule = parseShortFormRule(component, body);
    } else if (!validateRule(item)) {
      issues.push(...ajvIssues(validateRule.errors, path, loc));
      return;
    } else {
      rule = buildLongRule(item as unknown as RawRule, path, loc, issues);
    }
    if (typeof rule === 'string') {
      issues.push({ ...loc.at(path), field: fieldName(path), message: rule });
      return;
    }
    if (rule === undefined) return;
    const unknown = [
      rule.component,
      ...(rule.type === 'CAN_CALL' || rule.type === 'MUST_NOT_CALL' ? rule.targets : []),
    ].filter((n) => !names.has(n));
    for (const n of unknown)
      issues.push({
        ...loc.at(path),
        field: fieldName(path),
        message: `unknown component "${n}" (known: ${[...names].join(', ')})`,
      });
    if (rules.some((r) => r.id === rule.id))
      issues.push({ ...loc.at(path), field: `${fieldName(path)}.id`, message: `duplicate rule id "${rule.id}"` });
    rules.push(rule);
  });
  if (file.components === undefined && file.rules === undefined) rules.push(...DEFAULT_RULES.rules);

  const suppressions = file.suppressions ?? [];
  suppressions.forEach((s, i) => {
    const when = Date.parse(`${s.expires}T23:59:59.999Z`);
    if (Number.isNaN(when))
      issues.push({
        ...loc.at(['suppressions', i, 'expires']),
        field: `suppressions[${i}].expires`,
        message: `"${s.expires}" is not a calendar date`,
      });
    if (s.rule !== '*' && !rules.some((r) => r.id === s.rule)) {
      issues.push({
        ...loc.at(['suppressions', i, 'rule']),
        field: `suppressions[${i}].rule`,
        message: `no rule with id "${s.rule}"`,
      });
    }
  });

  if (issues.length > 0) {
    throw new RulesValidationError(
      source,
      issues.sort((a, b) => a.line - b.line || a.column - b.column),
    );
  }
  return {
    components,
    rules,
    suppressions,
    includeTypeOnly: file.options?.includeTypeOnly ?? true,
    maxCycles: file.options?.maxCycles ?? 100,
    exclude: file.options?.exclude ?? [],
    componentOverlap: file.options?.componentOverlap ?? 'first-match',
  };
}

/** Reads and parses a rules file; the error names the file. */
export function loadArchitectureRules(path: string): ArchitectureRules {
  let text: string;
  try {
    text = readInputFile(path, MAX_RULES_FILE_BYTES);
  } catch (error) {
    const message = error instanceof InputFileError ? error.reason : `cannot read: ${errorMessage(error)}`;
    throw new RulesValidationError(path, [{ line: 1, column: 1, field: '(file)', message }]);
  }
  return parseArchitectureRules(text, path);
}
