import type {
  FeatureLanguage,
  FeatureNode,
  GherkinStep,
  OutlineNode,
  RuleNode,
  ScenarioNode,
} from './feature-model.js';

interface Keywords {
  readonly feature: string;
  readonly background: string;
  readonly scenario: string;
  readonly outline: string;
  readonly examples: string;
  readonly rule: string;
  readonly context: string;
  readonly action: string;
  readonly outcome: string;
  readonly and: string;
}

// Taken from @cucumber/gherkin's gherkin-languages.json; the parser test checks these still parse.
const KEYWORDS: Readonly<Record<FeatureLanguage, Keywords>> = {
  en: {
    feature: 'Feature',
    background: 'Background',
    scenario: 'Scenario',
    outline: 'Scenario Outline',
    examples: 'Examples',
    rule: 'Rule',
    context: 'Given',
    action: 'When',
    outcome: 'Then',
    and: 'And',
  },
  fr: {
    feature: 'Fonctionnalité',
    background: 'Contexte',
    scenario: 'Scénario',
    outline: 'Plan du scénario',
    examples: 'Exemples',
    rule: 'Règle',
    context: 'Soit',
    action: 'Quand',
    outcome: 'Alors',
    and: 'Et',
  },
};

export function renderFeature(feature: FeatureNode): string {
  const k = KEYWORDS[feature.language];
  const out: string[] = [];
  if (feature.language !== 'en') out.push(`# language: ${feature.language}`);
  pushTags(out, '', feature.tags);
  out.push(`${k.feature}: ${feature.name}`);
  for (const line of feature.description) out.push(`  ${line}`);
  if (feature.background) {
    out.push('', `  ${k.background}:`);
    pushSteps(out, '    ', feature.background, k);
  }
  for (const child of feature.children) {
    out.push('');
    if (child.kind === 'rule') pushRule(out, child, k);
    else pushScenario(out, '  ', child, k);
  }
  out.push('');
  return out.join('\n');
}

function pushRule(out: string[], rule: RuleNode, k: Keywords): void {
  pushTags(out, '  ', rule.tags);
  out.push(`  ${k.rule}: ${rule.name}`);
  if (rule.background) {
    out.push('', `    ${k.background}:`);
    pushSteps(out, '      ', rule.background, k);
  }
  for (const child of rule.children) {
    out.push('');
    pushScenario(out, '    ', child, k);
  }
}

function pushScenario(out: string[], indent: string, node: ScenarioNode | OutlineNode, k: Keywords): void {
  pushTags(out, indent, node.tags);
  out.push(`${indent}${node.kind === 'outline' ? k.outline : k.scenario}: ${node.name}`);
  pushSteps(out, `${indent}  `, node.steps, k);
  if (node.kind !== 'outline') return;
  for (const examples of node.examples) {
    out.push('');
    pushTags(out, `${indent}  `, examples.tags);
    out.push(`${indent}  ${k.examples}:${examples.name ? ` ${examples.name}` : ''}`);
    pushTable(out, `${indent}    `, [examples.header, ...examples.rows]);
  }
}

function pushSteps(out: string[], indent: string, steps: readonly GherkinStep[], k: Keywords): void {
  let previous: GherkinStep['type'] | undefined;
  for (const step of steps) {
    const keyword = step.type === previous ? k.and : k[step.type];
    previous = step.type;
    out.push(`${indent}${keyword} ${step.text}`);
    if (step.table) pushTable(out, `${indent}  `, step.table);
    if (step.docString) {
      const { delimiter, mediaType, content } = step.docString;
      out.push(`${indent}  ${delimiter}${mediaType ?? ''}`);
      for (const line of content.split('\n')) out.push(`${indent}  ${line}`);
      out.push(`${indent}  ${delimiter}`);
    }
  }
}

function pushTable(out: string[], indent: string, rows: readonly (readonly string[])[]): void {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  for (const row of rows) out.push(`${indent}| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`);
}

function pushTags(out: string[], indent: string, tags: readonly string[]): void {
  if (tags.length > 0) out.push(`${indent}${tags.join(' ')}`);
}
