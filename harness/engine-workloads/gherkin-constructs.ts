import type { Background, FeatureChild, RuleChild, Scenario, Step } from '@cucumber/messages';
import type { ParsedFeature } from '../../engines/bdv/index.js';

/** How much of the Gherkin language a parsed suite exercises: evidence that a BDV run covered more than plain scenarios. */
export interface GherkinConstructs {
  readonly features: number;
  readonly rules: number;
  readonly backgrounds: number;
  readonly scenarios: number;
  readonly outlines: number;
  readonly exampleRows: number;
  readonly dataTables: number;
  readonly docStrings: number;
  readonly nonEnglishFeatures: number;
}

/** Counts Rules, Backgrounds, Scenario Outlines (and their example rows), data tables and doc strings. */
export function countGherkinConstructs(features: readonly ParsedFeature[]): GherkinConstructs {
  const counts = {
    features: 0,
    rules: 0,
    backgrounds: 0,
    scenarios: 0,
    outlines: 0,
    exampleRows: 0,
    dataTables: 0,
    docStrings: 0,
    nonEnglishFeatures: 0,
  };
  const steps = (list: readonly Step[]): void => {
    for (const step of list) {
      if (step.dataTable !== undefined) counts.dataTables += 1;
      if (step.docString !== undefined) counts.docStrings += 1;
    }
  };
  const background = (b: Background): void => {
    counts.backgrounds += 1;
    steps(b.steps);
  };
  const scenario = (s: Scenario): void => {
    if (s.examples.length > 0) {
      counts.outlines += 1;
      for (const examples of s.examples) counts.exampleRows += examples.tableBody.length;
    } else {
      counts.scenarios += 1;
    }
    steps(s.steps);
  };
  const child = (c: FeatureChild | RuleChild): void => {
    if (c.background !== undefined) background(c.background);
    if (c.scenario !== undefined) scenario(c.scenario);
    if ('rule' in c && c.rule !== undefined) {
      counts.rules += 1;
      for (const inner of c.rule.children) child(inner);
    }
  };
  for (const parsed of features) {
    const feature = parsed.document.feature;
    if (feature === undefined) continue;
    counts.features += 1;
    if (feature.language !== 'en') counts.nonEnglishFeatures += 1;
    for (const c of feature.children) child(c);
  }
  return counts;
}
