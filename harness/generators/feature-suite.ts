import fc from 'fast-check';
import { resolve } from 'node:path';
import type { GeneratedFile } from './codebase-types.js';
import type {
  FeatureLanguage,
  FeatureNode,
  GherkinStep,
  OutlineNode,
  RuleNode,
  ScenarioNode,
} from './feature-model.js';
import { renderFeature } from './feature-render.js';
import {
  FEATURE_DOMAINS,
  StepWriter,
  splitExamples,
  writeBackground,
  writeOutline,
  writeScenarioSteps,
} from './feature-scenarios.js';
import type { FeatureDomain } from './feature-scenarios.js';
import { createSeededRandom } from './seeded-random.js';
import type { SeededRandom } from './seeded-random.js';
import { createVocabularyWorld } from './step-vocabulary.js';
import type { VocabularyWorld } from './step-vocabulary.js';
import { byteLengthOf, writeGeneratedFiles } from './write-tree.js';

export interface FeatureSuiteOptions {
  /** Pickles to generate in total (a Scenario Outline counts once per example row). */
  readonly scenarios: number;
  readonly seed: number;
  /** Pickles written with a wrong expected value (default 0). */
  readonly failingScenarios?: number;
  /** Average pickles per feature file (default 10). */
  readonly scenariosPerFeature?: number;
  /** Share of files written in French (`# language: fr`; default 0.15). Step text stays the English vocabulary. */
  readonly frenchShare?: number;
  /** Share of features with Rule blocks (default 0.3). */
  readonly ruleShare?: number;
  /** Chance that a scenario is an outline (default 0.35). */
  readonly outlineShare?: number;
  /** Share of features with a Background (default 0.6). */
  readonly backgroundShare?: number;
}

export interface PickleDetail {
  /** Feature file, relative to the suite root. */
  readonly uri: string;
  /** Pickle name as the Gherkin compiler produces it (outline placeholders substituted); unique in the suite. */
  readonly name: string;
  /** Steps in the pickle, Background steps (feature and rule) included. */
  readonly steps: number;
  /** Inherited tags: feature, rule, scenario, examples. */
  readonly tags: readonly string[];
  readonly expected: 'passed' | 'failed';
}

export interface FeatureSuiteManifest {
  readonly root: string;
  readonly seed: number;
  /** Feature files, relative to root, sorted. */
  readonly files: readonly string[];
  readonly frenchFiles: readonly string[];
  readonly totalBytes: number;
  readonly pickles: number;
  readonly steps: number;
  /** Pickles per tag. */
  readonly tagCounts: Readonly<Record<string, number>>;
  readonly failingPickleNames: readonly string[];
  readonly pickleDetails: readonly PickleDetail[];
}

export interface FeatureSuitePlan {
  readonly files: readonly GeneratedFile[];
  readonly manifest: FeatureSuiteManifest;
}

const TITLES: Readonly<Record<FeatureLanguage, Record<FeatureDomain, string>>> = {
  en: { cart: 'Cart arithmetic', account: 'Account balance', users: 'User directory', document: 'Document submission' },
  fr: {
    cart: 'Arithmétique du panier',
    account: 'Solde du compte',
    users: 'Annuaire des utilisateurs',
    document: 'Soumission de documents',
  },
};
const DESCRIPTIONS: Readonly<Record<FeatureLanguage, readonly string[]>> = {
  en: ['As a customer I want totals I can trust,', 'so that every order matches what I was shown.'],
  fr: [
    'En tant que client je veux des totaux fiables,',
    'pour que chaque commande corresponde à ce qui était affiché.',
  ],
};
const SCENARIO_TAGS = ['@fast', '@slow', '@critical', '@regression'];

/**
 * From this many pickles up, a suite holds every construct a test may assert on, whatever the seed: each domain's
 * feature (so data tables from `users`, doc strings from `document`), a Background and a Scenario Outline (unless
 * their share is set to 0). The first features take the domains in a seeded order and each keeps room for the next.
 */
export const MIN_SCENARIOS_FOR_EVERY_CONSTRUCT = FEATURE_DOMAINS.length;

/** Generates the suite in memory; the same options always give the same text. */
export function generateFeatureSuite(options: FeatureSuiteOptions): FeatureSuitePlan {
  const total = options.scenarios;
  const failing = options.failingScenarios ?? 0;
  if (!Number.isInteger(total) || total < 0)
    throw new RangeError(`scenarios must be a non-negative integer, got ${total}`);
  if (!Number.isInteger(failing) || failing < 0 || failing > total)
    throw new RangeError(`failingScenarios must be in [0, ${total}], got ${failing}`);
  const perFeature = Math.max(1, options.scenariosPerFeature ?? 10);
  const random = createSeededRandom(options.seed);
  const failingIndices = new Set(
    random
      .fork('failing')
      .shuffle(Array.from({ length: total }, (_, i) => i))
      .slice(0, failing),
  );
  const state: SuiteState = {
    random: random.fork('content'),
    options,
    failingIndices,
    pickleCount: 0,
    serial: 0,
    details: [],
    outlineWritten: false,
  };
  const domainOrder = random.fork('domains').shuffle(FEATURE_DOMAINS);

  const files: GeneratedFile[] = [];
  const frenchFiles: string[] = [];
  for (let index = 0; state.pickleCount < total; index++) {
    // Until every domain has its feature, leave one pickle for each domain still to come.
    const reserved = Math.max(0, domainOrder.length - index - 1);
    const drawn = state.random.int(Math.max(1, Math.ceil(perFeature / 2)), Math.ceil(perFeature * 1.5));
    const budget = Math.max(1, Math.min(total - state.pickleCount - reserved, drawn));
    const domain = domainOrder[index] ?? state.random.pick(FEATURE_DOMAINS);
    const uri = `${domain}/${String(index + 1).padStart(4, '0')}-${domain}.feature`;
    const feature = buildFeature(state, uri, index + 1, domain, budget);
    files.push({ path: uri, text: renderFeature(feature) });
    if (feature.language !== 'en') frenchFiles.push(uri);
  }

  const tagCounts: Record<string, number> = {};
  for (const detail of state.details) for (const tag of detail.tags) tagCounts[tag] = (tagCounts[tag] ?? 0) + 1;
  const manifest: FeatureSuiteManifest = {
    root: '',
    seed: random.seed,
    files: files.map((f) => f.path).sort(),
    frenchFiles: frenchFiles.sort(),
    totalBytes: byteLengthOf(files),
    pickles: state.details.length,
    steps: state.details.reduce((sum, d) => sum + d.steps, 0),
    tagCounts,
    failingPickleNames: state.details
      .filter((d) => d.expected === 'failed')
      .map((d) => d.name)
      .sort(),
    pickleDetails: state.details,
  };
  return { files, manifest };
}

/**
 * Writes `.feature` files under `dir` and returns the manifest: pickle and step counts as the official Gherkin
 * compiler produces them, and the names of the pickles written to fail.
 *
 * @example
 * const suite = await writeFeatureSuite(tmp, { scenarios: 500, seed: 7, failingScenarios: 3 });
 * // run suite.root with the vocabulary's steps: suite.pickles pickles, suite.steps steps,
 * // and exactly suite.failingPickleNames fail
 */
export async function writeFeatureSuite(dir: string, options: FeatureSuiteOptions): Promise<FeatureSuiteManifest> {
  const { files, manifest } = generateFeatureSuite(options);
  const root = resolve(dir);
  await writeGeneratedFiles(root, files);
  return { ...manifest, root };
}

export interface FeatureSuiteArbitraryOptions {
  readonly maxScenarios: number;
  readonly maxFailing?: number;
}

/** In-memory suites as a fast-check arbitrary; size and failing count shrink toward the smallest failing suite. */
export function featureSuiteArbitrary(options: FeatureSuiteArbitraryOptions): fc.Arbitrary<FeatureSuitePlan> {
  return fc
    .record({
      scenarios: fc.integer({ min: 1, max: Math.max(1, options.maxScenarios) }),
      failingDraw: fc.nat({ max: Math.max(0, options.maxFailing ?? 0) }),
      seed: fc.nat(),
      scenariosPerFeature: fc.integer({ min: 1, max: 12 }),
    })
    .map(({ scenarios, failingDraw, seed, scenariosPerFeature }) =>
      generateFeatureSuite({
        scenarios,
        seed,
        scenariosPerFeature,
        failingScenarios: Math.min(failingDraw, scenarios),
      }),
    );
}

interface SuiteState {
  readonly random: SeededRandom;
  readonly options: FeatureSuiteOptions;
  readonly failingIndices: ReadonlySet<number>;
  pickleCount: number;
  serial: number;
  readonly details: PickleDetail[];
  outlineWritten: boolean;
}

interface Scope {
  readonly uri: string;
  readonly domain: FeatureDomain;
  readonly world: VocabularyWorld;
  readonly backgroundSteps: number;
  readonly tags: readonly string[];
}

function buildFeature(
  state: SuiteState,
  uri: string,
  number: number,
  domain: FeatureDomain,
  budget: number,
): FeatureNode {
  const { random, options } = state;
  const language: FeatureLanguage = random.chance(options.frenchShare ?? 0.15) ? 'fr' : 'en';
  const tags = [`@feature-${number}`, `@${domain}`, ...(random.chance(0.3) ? ['@smoke'] : [])];
  const backgroundShare = options.backgroundShare ?? 0.6;
  // The first feature always has one (when Backgrounds are wanted at all), so no seed yields a suite without.
  const wantsBackground = random.chance(backgroundShare) || (number === 1 && backgroundShare > 0);
  const background = wantsBackground ? new StepWriter(createVocabularyWorld()) : undefined;
  if (background) writeBackground(domain, background, random);
  const featureScope: Scope = {
    uri,
    domain,
    tags,
    world: background?.world ?? createVocabularyWorld(),
    backgroundSteps: background?.steps.length ?? 0,
  };

  const children: (ScenarioNode | OutlineNode | RuleNode)[] = [];
  const ruleCount = budget >= 3 && random.chance(options.ruleShare ?? 0.3) ? random.int(1, Math.min(2, budget - 1)) : 0;
  const topLevel = ruleCount === 0 ? budget : random.int(0, budget - ruleCount);
  children.push(...buildItems(state, featureScope, topLevel));
  let left = budget - topLevel;
  for (let r = 0; r < ruleCount; r++) {
    const share = r === ruleCount - 1 ? left : random.int(1, left - (ruleCount - r - 1));
    left -= share;
    children.push(buildRule(state, featureScope, `${number}.${r + 1}`, share));
  }
  const feature: FeatureNode = {
    language,
    tags,
    children,
    name: `${TITLES[language][domain]} ${number}`,
    description: DESCRIPTIONS[language],
    ...(background ? { background: background.steps } : {}),
  };
  return feature;
}

function buildRule(state: SuiteState, parent: Scope, id: string, budget: number): RuleNode {
  const { random } = state;
  const tags = [`@rule-${id}`];
  const writer = random.chance(0.5) ? new StepWriter(structuredClone(parent.world)) : undefined;
  if (writer) writeBackground(parent.domain, writer, random);
  const scope: Scope = {
    ...parent,
    tags: [...parent.tags, ...tags],
    world: writer?.world ?? parent.world,
    backgroundSteps: parent.backgroundSteps + (writer?.steps.length ?? 0),
  };
  return {
    kind: 'rule',
    tags,
    name: `business rule ${id}`,
    children: buildItems(state, scope, budget),
    ...(writer ? { background: writer.steps } : {}),
  };
}

function buildItems(state: SuiteState, scope: Scope, budget: number): (ScenarioNode | OutlineNode)[] {
  const { random, options } = state;
  const items: (ScenarioNode | OutlineNode)[] = [];
  while (budget > 0) {
    const serial = String(++state.serial);
    const tags = random.chance(0.5) ? [random.pick(SCENARIO_TAGS)] : [];
    const outlineShare = options.outlineShare ?? 0.35;
    // The suite's first scenario that can be an outline is one, so no seed yields a suite without.
    const wantsOutline = random.chance(outlineShare) || (!state.outlineWritten && outlineShare > 0);
    if (scope.domain !== 'document' && wantsOutline) {
      const rows = Math.min(budget, random.int(2, 5));
      const failingRows = Array.from({ length: rows }, (_, i) => state.failingIndices.has(state.pickleCount + i));
      const spec = writeOutline(scope.domain, serial, failingRows, random);
      if (spec) {
        const node: OutlineNode = {
          kind: 'outline',
          tags,
          name: `${scope.domain} outline ${serial}, case <case>`,
          steps: spec.steps,
          examples: splitExamples(spec, random),
        };
        for (const examples of node.examples) {
          for (const row of examples.rows) {
            record(state, scope, `${scope.domain} outline ${serial}, case ${row[0] ?? ''}`, spec.steps, [
              ...tags,
              ...examples.tags,
            ]);
          }
        }
        items.push(node);
        state.outlineWritten = true;
        budget -= rows;
        continue;
      }
    }
    const failing = state.failingIndices.has(state.pickleCount);
    const writer = new StepWriter(structuredClone(scope.world));
    writeScenarioSteps(scope.domain, writer, random, failing);
    const name = `${scope.domain} scenario ${serial}`;
    record(state, scope, name, writer.steps, tags);
    items.push({ kind: 'scenario', tags, name, steps: writer.steps });
    budget -= 1;
  }
  return items;
}

function record(
  state: SuiteState,
  scope: Scope,
  name: string,
  steps: readonly GherkinStep[],
  ownTags: readonly string[],
): void {
  const failing = state.failingIndices.has(state.pickleCount);
  state.pickleCount++;
  state.details.push({
    uri: scope.uri,
    name,
    steps: scope.backgroundSteps + steps.length,
    tags: [...scope.tags, ...ownTags],
    expected: failing ? 'failed' : 'passed',
  });
}
