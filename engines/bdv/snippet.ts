import { CucumberExpressionGenerator, type GeneratedExpression } from '@cucumber/cucumber-expressions';
import { PickleStepType, type PickleStep } from '@cucumber/messages';
import type { StepRegistry } from './step-registry.js';

/**
 * A ready-to-paste step definition for an undefined step, in the steps-module shape this engine loads.
 * Uses Cucumber's own expression generator, so `I have 3 "red" apples` becomes `I have {int} {string} apples`.
 */
export function suggestSnippet(step: PickleStep, registry: StepRegistry): string {
  return suggestSnippets(step, registry)[0] as string;
}

/**
 * One snippet per expression Cucumber's generator proposes (`a list of 8 things` gives `{int}` and `{float}`
 * versions), as Cucumber's `suggestion` message lists them. Never empty: the step text itself is the fallback.
 */
export function suggestSnippets(step: PickleStep, registry: StepRegistry): string[] {
  const generator = new CucumberExpressionGenerator(() => registry.parameterTypes.parameterTypes);
  const expressions: (GeneratedExpression | undefined)[] = [...generator.generateExpressions(step.text)];
  if (expressions.length === 0) expressions.push(undefined);
  return expressions.map((expression) => snippetFor(step, expression));
}

function snippetFor(step: PickleStep, expression: GeneratedExpression | undefined): string {
  const source = expression?.source ?? step.text;
  const parameters = expression === undefined ? [] : [...expression.parameterNames];
  if (step.argument?.dataTable !== undefined) parameters.push('dataTable');
  if (step.argument?.docString !== undefined) parameters.push('docString');
  const keyword = keywordFor(step.type);
  const quoted = `'${source.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return [
    `${keyword}(${quoted}, function (${parameters.join(', ')}) {`,
    `  // Write code here that turns the phrase above into concrete actions`,
    `  return 'pending';`,
    `});`,
  ].join('\n');
}

function keywordFor(type: PickleStepType | undefined): 'Given' | 'When' | 'Then' {
  if (type === PickleStepType.ACTION) return 'When';
  if (type === PickleStepType.OUTCOME) return 'Then';
  return 'Given';
}
