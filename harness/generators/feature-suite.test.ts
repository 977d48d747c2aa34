import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { CucumberExpression, ParameterTypeRegistry } from '@cucumber/cucumber-expressions';
import { IdGenerator } from '@cucumber/messages';
import type { Pickle } from '@cucumber/messages';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FeatureChild, GherkinDocument, RuleChild, Step } from '@cucumber/messages';
import {
  MIN_SCENARIOS_FOR_EVERY_CONSTRUCT,
  featureSuiteArbitrary,
  generateFeatureSuite,
  writeFeatureSuite,
} from './feature-suite.js';
import type { FeatureSuitePlan } from './feature-suite.js';
import { STEP_VOCABULARY, StepAssertionError, createVocabularyWorld } from './step-vocabulary.js';
import type { StepArgument } from './step-vocabulary.js';

const registry = new ParameterTypeRegistry();
const expressions = STEP_VOCABULARY.map((step) => ({
  step,
  expression: new CucumberExpression(step.pattern, registry),
}));

/** The official parser and compiler, as the BDV engine and cucumber-js use them. */
function compileSuite(files: readonly { path: string; text: string }[]): Pickle[] {
  const newId = IdGenerator.uuid();
  return files.flatMap((file) => {
    const parser = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher());
    return compile(parser.parse(file.text), file.path, newId);
  });
}

/** A minimal reference runner: match each step with Cucumber Expressions, run the vocabulary's implementation. */
function runPickle(pickle: Pickle): 'passed' | 'failed' {
  const world = createVocabularyWorld();
  for (const pickleStep of pickle.steps) {
    const matches = expressions.flatMap(({ step, expression }) => {
      const args = expression.match(pickleStep.text);
      return args ? [{ step, args }] : [];
    });
    if (matches.length !== 1)
      throw new Error(`${pickle.name}: step "${pickleStep.text}" matched ${matches.length} definitions`);
    const [{ step, args }] = matches as [(typeof matches)[number]];
    const values: StepArgument[] = args.map((arg) => arg.getValue(null) as number | string);
    const attachment = pickleStep.argument;
    if (attachment?.dataTable) values.push(attachment.dataTable.rows.map((row) => row.cells.map((cell) => cell.value)));
    if (attachment?.docString) values.push(attachment.docString.content);
    try {
      step.run(world, values);
    } catch (error) {
      if (error instanceof StepAssertionError) return 'failed';
      throw error;
    }
  }
  return 'passed';
}

function checkAgainstCompiler(plan: FeatureSuitePlan): void {
  const pickles = compileSuite(plan.files);
  const { manifest } = plan;
  expect(pickles).toHaveLength(manifest.pickles);
  expect(pickles.reduce((sum, p) => sum + p.steps.length, 0)).toBe(manifest.steps);
  // Stable sort by file: within a file the compiler's order must match the manifest's exactly.
  const byUri = <T extends { uri: string }>(items: T[]): T[] =>
    items.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  expect(
    byUri(pickles.map((p) => ({ uri: p.uri, name: p.name, steps: p.steps.length, tags: p.tags.map((t) => t.name) }))),
  ).toEqual(
    byUri(manifest.pickleDetails.map((d) => ({ uri: d.uri, name: d.name, steps: d.steps, tags: [...d.tags] }))),
  );
  const failed = pickles
    .filter((pickle) => runPickle(pickle) === 'failed')
    .map((p) => p.name)
    .sort();
  expect(failed).toEqual(manifest.failingPickleNames);
}

/** Constructs in the files as the official parser sees them (what E2E-103 counts and asserts on). */
function countConstructs(
  files: readonly { path: string; text: string }[],
): Record<'backgrounds' | 'outlines' | 'dataTables' | 'docStrings', number> {
  const counts = { backgrounds: 0, outlines: 0, dataTables: 0, docStrings: 0 };
  const steps = (list: readonly Step[]): void => {
    for (const step of list) {
      if (step.dataTable !== undefined) counts.dataTables += 1;
      if (step.docString !== undefined) counts.docStrings += 1;
    }
  };
  const child = (c: FeatureChild | RuleChild): void => {
    if (c.background !== undefined) {
      counts.backgrounds += 1;
      steps(c.background.steps);
    }
    if (c.scenario !== undefined) {
      if (c.scenario.examples.length > 0) counts.outlines += 1;
      steps(c.scenario.steps);
    }
    if ('rule' in c && c.rule !== undefined) for (const inner of c.rule.children) child(inner);
  };
  for (const file of files) {
    const document: GherkinDocument = new Parser(
      new AstBuilder(IdGenerator.incrementing()),
      new GherkinClassicTokenMatcher(),
    ).parse(file.text);
    for (const c of document.feature?.children ?? []) child(c);
  }
  return counts;
}

describe('generateFeatureSuite guarantees the constructs a test asserts on', () => {
  it('has Backgrounds, Outlines, data tables and doc strings for any seed and size from 4 pickles up', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: MIN_SCENARIOS_FOR_EVERY_CONSTRUCT, max: 600 }),
        fc.integer({ min: 1, max: 12 }),
        (seed, scenarios, scenariosPerFeature) => {
          const plan = generateFeatureSuite({
            scenarios,
            seed,
            scenariosPerFeature,
            failingScenarios: Math.min(5, scenarios),
          });
          expect(plan.manifest.pickles).toBe(scenarios);
          const counts = countConstructs(plan.files);
          expect(counts.backgrounds).toBeGreaterThan(0);
          expect(counts.outlines).toBeGreaterThan(0);
          expect(counts.dataTables).toBeGreaterThan(0);
          expect(counts.docStrings).toBeGreaterThan(0);
        },
      ),
      { seed: 103, numRuns: 200 },
    );
  });

  it('covers every construct for the seed that once generated an E2E-103 suite without a data table', () => {
    // E2E-103 at STRESS_SCALE=0.25 asks for 130 pickles, 1 of them failing.
    const counts = countConstructs(
      generateFeatureSuite({ scenarios: 130, seed: 1619922140, failingScenarios: 1 }).files,
    );
    expect(Math.min(counts.backgrounds, counts.outlines, counts.dataTables, counts.docStrings)).toBeGreaterThan(0);
  });

  it('leaves Backgrounds and Outlines out when their share is 0', () => {
    const counts = countConstructs(
      generateFeatureSuite({ scenarios: 60, seed: 4, backgroundShare: 0, outlineShare: 0 }).files,
    );
    expect(counts).toMatchObject({ backgrounds: 0, outlines: 0 });
  });
});

describe('generateFeatureSuite against the official Gherkin compiler', () => {
  it('matches pickle and step counts, names, tags and failing pickles for several seeds and sizes', () => {
    fc.assert(
      fc.property(featureSuiteArbitrary({ maxScenarios: 120, maxFailing: 5 }), (plan) => {
        expect(plan.manifest.failingPickleNames.length).toBeLessThanOrEqual(5);
        checkAgainstCompiler(plan);
      }),
      { seed: 1234, numRuns: 15 },
    );
  });

  it('produces exactly the requested pickles, failing ones included, at benchmark size', () => {
    const plan = generateFeatureSuite({ scenarios: 500, seed: 77, failingScenarios: 7 });
    expect(plan.manifest.pickles).toBe(500);
    expect(plan.manifest.failingPickleNames).toHaveLength(7);
    expect(new Set(plan.manifest.pickleDetails.map((d) => d.name)).size).toBe(500);
    checkAgainstCompiler(plan);
  });

  it('uses the whole Gherkin language the BDV engine must support', () => {
    const { files, manifest } = generateFeatureSuite({ scenarios: 300, seed: 5 });
    const text = files.map((f) => f.text).join('\n');
    for (const construct of [
      'Background:',
      'Scenario Outline:',
      'Examples:',
      'Rule:',
      '"""',
      '| name',
      '@examples-',
      '@rule-',
    ]) {
      expect(text).toContain(construct);
    }
    for (const french of [
      '# language: fr',
      'Fonctionnalité:',
      'Scénario:',
      'Plan du scénario:',
      'Exemples:',
      'Contexte:',
      'Soit ',
      'Quand ',
      'Alors ',
    ]) {
      expect(text).toContain(french);
    }
    expect(manifest.frenchFiles.length).toBeGreaterThan(0);
    expect(manifest.tagCounts['@smoke']).toBeGreaterThan(0);
    const outlinePickles = manifest.pickleDetails.filter((d) => d.name.includes('outline')).length;
    expect(outlinePickles).toBeGreaterThan(50);
  });

  it('passes every pickle when no failures are requested, and is deterministic', () => {
    const a = generateFeatureSuite({ scenarios: 200, seed: 9 });
    expect(compileSuite(a.files).every((pickle) => runPickle(pickle) === 'passed')).toBe(true);
    expect(generateFeatureSuite({ scenarios: 200, seed: 9 })).toEqual(a);
    expect(generateFeatureSuite({ scenarios: 200, seed: 10 }).files).not.toEqual(a.files);
  });

  it('rejects impossible requests', () => {
    expect(() => generateFeatureSuite({ scenarios: 3, seed: 1, failingScenarios: 4 })).toThrow(RangeError);
    expect(() => generateFeatureSuite({ scenarios: -1, seed: 1 })).toThrow(RangeError);
    expect(generateFeatureSuite({ scenarios: 0, seed: 1 }).manifest.files).toEqual([]);
  });
});

describe('writeFeatureSuite', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'loads-features-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('writes the planned files and reports their bytes', async () => {
    const manifest = await writeFeatureSuite(tmp, { scenarios: 80, seed: 3, failingScenarios: 2 });
    const files = manifest.files.map((path) => ({ path, text: readFileSync(join(manifest.root, path), 'utf8') }));
    expect(files.reduce((sum, f) => sum + Buffer.byteLength(f.text), 0)).toBe(manifest.totalBytes);
    checkAgainstCompiler({ files, manifest });
  });
});

describe('STEP_VOCABULARY', () => {
  it('has unique ids and patterns, and its outcome steps throw a typed error on a wrong expectation', () => {
    expect(new Set(STEP_VOCABULARY.map((s) => s.id)).size).toBe(STEP_VOCABULARY.length);
    expect(new Set(STEP_VOCABULARY.map((s) => s.pattern)).size).toBe(STEP_VOCABULARY.length);
    const cartHas = STEP_VOCABULARY.find((s) => s.id === 'cart.has')!;
    const world = { ...createVocabularyWorld(), cart: 4 };
    expect(() => cartHas.run(world, [4])).not.toThrow();
    const error = (() => {
      try {
        cartHas.run(world, [5]);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(StepAssertionError);
    expect(error).toMatchObject({ name: 'StepAssertionError', code: 'LOADS_STEP_ASSERTION', expected: 5, actual: 4 });
  });
});
