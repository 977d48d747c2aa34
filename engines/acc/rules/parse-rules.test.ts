import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from './default-rules.js';
import { RulesValidationError, type RulesIssue } from '../errors.js';
import { parse as parseYaml } from 'yaml';
import { parseArchitectureRules, rulesFromData } from './parse-rules.js';

function issuesOf(text: string): RulesIssue[] {
  try {
    parseArchitectureRules(text, 'rules.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(RulesValidationError);
    expect(error).toMatchObject({ name: 'RulesValidationError', code: 'ACC_RULES_INVALID' });
    return [...(error as RulesValidationError).issues];
  }
  throw new Error('expected the rules to be rejected');
}

const COMPONENTS = `components:
  - name: UI
    paths: ["src/ui/**"]
  - name: Data
    paths: ["src/data/**"]
  - name: Api
    paths: ["src/api/**"]
`;

describe('parseArchitectureRules', () => {
  it('accepts short forms as strings and as one-key maps, with the original default severities', () => {
    const rules = parseArchitectureRules(`${COMPONENTS}rules:
  - "UI: CAN_CALL(Api, Data)"
  - Data: MUST_NOT_CALL(UI)
  - Api: COUPLING < 5
  - Data: COUPLING <= 5
  - UI: NO_CYCLES
`);
    expect(rules.rules.map((r) => [r.id, r.type, r.severity])).toEqual([
      ['UI_CAN_CALL_Api_Data', 'CAN_CALL', 'warning'],
      ['Data_MUST_NOT_CALL_UI', 'MUST_NOT_CALL', 'blocking'],
      ['Api_COUPLING_5', 'COUPLING', 'warning'],
      ['Data_COUPLING_5', 'COUPLING', 'warning'],
      ['UI_NO_CYCLES', 'NO_CYCLES', 'blocking'],
    ]);
    expect(rules.rules[0]).toMatchObject({ targets: ['Api', 'Data'] });
    expect(rules.rules[2]).toMatchObject({ max: 4 });
    expect(rules.rules[3]).toMatchObject({ max: 5 });
  });

  it('accepts long forms, suppressions and options', () => {
    const rules = parseArchitectureRules(`${COMPONENTS}rules:
  - { id: ui-only-api, type: CAN_CALL, component: UI, targets: [Api], severity: blocking, exemptions: ["src/ui/legacy/**"] }
  - { id: no-up, type: MUST_NOT_CALL, component: Data, target: UI }
  - { id: cpl, type: COUPLING, component: Api, threshold: 10, metric: efferent, scope: component }
  - { id: enc, type: PUBLIC_ENTRY_ONLY, component: Api, module: "src/api/*" }
suppressions:
  - { rule: no-up, from: "src/data/old/**", justification: "tracked in ticket 12", expires: 2030-01-31 }
options: { includeTypeOnly: false, maxCycles: 7 }
`);
    expect(rules.rules[1]).toMatchObject({ targets: ['UI'], severity: 'blocking' });
    expect(rules.rules[2]).toMatchObject({ max: 10, metric: 'efferent', scope: 'component' });
    expect(rules.rules[3]).toMatchObject({
      module: 'src/api/*',
      entries: ['index.ts', 'index.tsx', 'index.js', 'index.mjs'],
    });
    expect(rules.suppressions).toHaveLength(1);
    expect(rules.includeTypeOnly).toBe(false);
    expect(rules.maxCycles).toBe(7);
  });

  it('uses the default components and rules when the file gives neither', () => {
    const rules = parseArchitectureRules('options: { maxCycles: 3 }\n');
    expect(rules.components).toEqual(DEFAULT_RULES.components);
    expect(rules.rules).toEqual(DEFAULT_RULES.rules);
  });

  it('refuses an empty or comment-only file instead of applying the defaults under its name', () => {
    for (const text of ['', '\n\n', '# rules to come\n# later\n', '---\n']) {
      const issues = issuesOf(text);
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ line: 1, column: 1, field: '(root)' });
      expect(issues[0]?.message).toContain('empty');
    }
  });

  it('reports an alias bomb and an undefined alias as positioned YAML problems, not exceptions', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'components: [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
      '',
    ].join('\n');
    const bombIssues = issuesOf(bomb);
    expect(bombIssues).toEqual([
      {
        line: 2,
        column: 8,
        field: '(yaml)',
        message: expect.stringContaining('Excessive alias count') as unknown as string,
      },
    ]);
    const undefinedAlias = issuesOf('components:\n  - { name: UI, paths: ["src/**"] }\n  - *nope\n');
    expect(undefinedAlias).toEqual([
      {
        line: 3,
        column: 5,
        field: '(yaml)',
        message: expect.stringContaining('Unresolved alias') as unknown as string,
      },
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const issues = issuesOf('components:\n  - name: UI\n    paths: [unclosed\n');
    expect(issues[0]).toMatchObject({ field: '(yaml)' });
    expect(issues[0]?.line).toBeGreaterThanOrEqual(3);
  });

  it('names line and field for every schema problem at once', () => {
    const issues = issuesOf(`${COMPONENTS}rules:
  - id: a
    type: CAN_CALL
    component: UI
    targets: [Api]
    severity: fatal
  - id: b
    type: MUST_NOT_CALL
    component: Data
    tagrets: [UI]
  - id: c
    component: Api
suppressions:
  - { rule: a, from: "x/**", expires: 2030-01-01 }
`);
    expect(issues.map((i) => [i.line, i.field, i.message])).toEqual([
      [13, 'rules[0].severity', 'must be one of blocking, warning, info'],
      [17, 'rules[1].tagrets', 'unknown field'],
      [18, 'rules[2].type', 'is required'],
      [21, 'suppressions[0].justification', 'is required'],
    ]);
  });

  it('reports semantic problems: unknown components, missing targets, duplicates, bad short forms, dates', () => {
    const issues = issuesOf(`${COMPONENTS}rules:
  - UI: CAN_CALL(Nowhere)
  - { id: x, type: MUST_NOT_CALL, component: UI }
  - { id: y, type: COUPLING, component: UI }
  - Data: SOMETIMES_CALL(UI)
  - { id: z, type: NO_CYCLES, component: UI }
  - { id: z, type: NO_CYCLES, component: Data }
  - { id: m, type: PUBLIC_ENTRY_ONLY, component: Api, module: "src/**" }
suppressions:
  - { rule: missing, from: "a", justification: "because reasons", expires: 2030-02-30 }
`);
    const byLine = issues.map((i) => `${i.line} ${i.field}: ${i.message}`);
    expect(byLine).toEqual([
      expect.stringMatching(/^9 rules\[0\]: unknown component "Nowhere"/),
      '10 rules[1].targets: MUST_NOT_CALL needs target or targets',
      '11 rules[2].max: COUPLING needs max (inclusive bound)',
      expect.stringMatching(/^12 rules\[3\]: cannot parse "SOMETIMES_CALL\(UI\)"/),
      '14 rules[5].id: duplicate rule id "z"',
      '15 rules[6].module: must not contain ** (a module is a fixed-depth directory pattern such as engines/*)',
      '17 suppressions[0].rule: no rule with id "missing"',
    ]);
  });

  it('rejects an impossible calendar date in a suppression', () => {
    const issues = issuesOf(`${COMPONENTS}rules:
  - UI: NO_CYCLES
suppressions:
  - { rule: "*", from: "a", justification: "because reasons", expires: 2030-13-45 }
`);
    expect(issues).toEqual([expect.objectContaining({ field: 'suppressions[0].expires', line: 11 })]);
  });

  it('builds the same rules from data as from the YAML text, and reports problems in data by field', () => {
    const text = `${COMPONENTS}rules:
  - "UI: CAN_CALL(Api, Data)"
  - { id: no-up, type: MUST_NOT_CALL, component: Data, targets: [UI], severity: blocking }
  - Api: COUPLING < 5
options:
  maxCycles: 7
`;
    expect(rulesFromData(parseYaml(text))).toEqual(parseArchitectureRules(text));
    let issues: readonly RulesIssue[] = [];
    try {
      rulesFromData(
        parseYaml(`${COMPONENTS}rules:\n  - { id: x, type: NO_CYCLES, component: Nowhere, colour: red }\n`),
      );
    } catch (error) {
      issues = (error as RulesValidationError).issues;
    }
    expect(issues).toEqual([expect.objectContaining({ line: 0, field: 'rules[0].colour', message: 'unknown field' })]);
    expect(() => rulesFromData([])).toThrow(RulesValidationError);
  });
});
