import { generateMessages } from '@cucumber/gherkin';
import { IdGenerator, SourceMediaType } from '@cucumber/messages';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFeatureSet, createStepRegistry, runPickles } from './index.js';

const word = fc.constantFrom('alpha', 'beta', 'gamma', 'delta');
const tag = fc.constantFrom('@a', '@b', '@c');
const tags = fc.uniqueArray(tag, { maxLength: 2 }).map((list) => (list.length === 0 ? '' : `${list.join(' ')}\n`));
const step = fc
  .tuple(
    fc.constantFrom('Given', 'When', 'Then', 'And', 'But', '*'),
    word,
    fc.nat(99),
    fc.constantFrom('none', 'table', 'doc'),
  )
  .map(([keyword, w, n, argument]) => {
    const line = `    ${keyword} step ${w} ${n}\n`;
    if (argument === 'table') return `${line}      | x | y |\n      | ${n} | ${w} |\n`;
    if (argument === 'doc') return `${line}      """\n      ${w}\n      """\n`;
    return line;
  });
const steps = fc.array(step, { minLength: 0, maxLength: 4 }).map((list) => list.join(''));
const scenario = fc.tuple(tags, word, steps).map(([t, name, body]) => `  ${t}  Scenario: ${name}\n${body}`);
const examples = fc
  .tuple(tags, fc.array(fc.nat(9), { minLength: 0, maxLength: 3 }))
  .map(([t, rows]) => `    ${t}    Examples:\n      | n |\n${rows.map((r) => `      | ${r} |\n`).join('')}`);
const outline = fc
  .tuple(tags, word, fc.array(examples, { minLength: 0, maxLength: 2 }))
  .map(([t, name, ex]) => `  ${t}  Scenario Outline: ${name} <n>\n    Given step ${name} <n>\n${ex.join('')}`);
const background = fc.option(
  steps.map((body) => `  Background:\n${body}`),
  { nil: undefined },
);
const child = fc.oneof(scenario, outline);
const rule = fc
  .tuple(word, fc.array(child, { maxLength: 3 }))
  .map(([name, children]) => `  Rule: ${name}\n${children.join('')}`);
const feature = fc
  .tuple(tags, background, fc.array(child, { maxLength: 4 }), fc.array(rule, { maxLength: 2 }))
  .map(([t, bg, children, rules]) => `${t}Feature: generated\n${bg ?? ''}${children.join('')}${rules.join('')}`);

function compilerPickleCount(source: string): number {
  const envelopes = generateMessages(source, 'x.feature', SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_PLAIN, {
    includeGherkinDocument: true,
    includePickles: true,
    newId: IdGenerator.incrementing(),
  });
  expect(envelopes.filter((e) => e.parseError)).toEqual([]);
  return envelopes.filter((e) => e.pickle).length;
}

function compilerStepCount(source: string): number {
  return generateMessages(source, 'x.feature', SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_PLAIN, {
    includePickles: true,
    newId: IdGenerator.incrementing(),
  }).reduce((sum, e) => sum + (e.pickle?.steps.length ?? 0), 0);
}

describe('executed pickles equal the Gherkin compiler’s pickles (property)', () => {
  it('runs every pickle and every step of generated feature files', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(feature, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(undefined, '@a', 'not @b'),
        async (files, filter) => {
          const registry = createStepRegistry();
          let executedSteps = 0;
          // `\S+` rather than {int}: an outline without Examples compiles to one pickle with a literal `<n>`.
          registry.api.Given(/^step (\w+) (\S+)$/, (...args: unknown[]) => {
            executedSteps++;
            expect(args.length).toBeGreaterThanOrEqual(2);
          });
          const sources = Object.fromEntries(files.map((text, i) => [`f${i}.feature`, text]));
          const features = createFeatureSet(sources);
          const report = await runPickles(features, { registry, ...(filter === undefined ? {} : { tags: filter }) });

          const expectedPickles = files.reduce((sum, text) => sum + compilerPickleCount(text), 0);
          expect(features.parseErrors).toEqual([]);
          expect(features.pickles).toHaveLength(expectedPickles);
          if (filter === undefined) {
            expect(report.scenarios).toHaveLength(expectedPickles);
            expect(executedSteps).toBe(files.reduce((sum, text) => sum + compilerStepCount(text), 0));
          }
          expect(report.counts.scenarios.passed).toBe(report.scenarios.length);
          expect(report.counts.steps.passed).toBe(executedSteps);
        },
      ),
      { numRuns: 60, seed: 4242 },
    );
  });
});
