import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { GeneratedFile, LayeredCodebaseManifest } from './codebase-types.js';
import { generateFeatureSuite } from './feature-suite.js';
import type { FeatureSuiteManifest } from './feature-suite.js';
import { planLayeredCodebase } from './layered-codebase.js';
import { createSeededRandom } from './seeded-random.js';
import {
  acceptanceCriteria,
  apiSpec,
  architecture,
  ci,
  dataModel,
  docker,
  frontend,
  kubernetes,
  productRequirements,
  testPlan,
  unitTests,
  userStories,
} from './sdlc-documents.js';
import { backendPackageJson, backendServiceLayer } from './sdlc-backend.js';
import { expectedGapsOf } from './sdlc-expected-gaps.js';
import { SDLC_PARTS, type SdlcPart, type SdlcPhase } from './sdlc-parts.js';
import { byteLengthOf, writeGeneratedFiles } from './write-tree.js';

const PHASES: readonly SdlcPhase[] = ['requirements', 'design', 'implementation', 'testing', 'deployment'];

export interface SdlcProjectOptions {
  readonly seed: number;
  /** Backend source files (a layered code base, at least 16). */
  readonly codeFiles: number;
  /**
   * 0..1: share of the 14 parts written. round((1 - completeness) * 14) parts are omitted, in a seeded order, so for
   * one seed a lower completeness always omits a superset of what a higher one omits.
   */
  readonly completeness: number;
  /** User stories to write (default 8). */
  readonly stories?: number;
  /** Scenarios in testing/features (default 20). */
  readonly featureScenarios?: number;
  /** Passed to the backend code base (defaults 0). */
  readonly cycles?: number;
  readonly layerViolations?: number;
}

export interface SdlcProjectManifest {
  readonly root: string;
  readonly seed: number;
  readonly completeness: number;
  readonly files: readonly string[];
  readonly totalBytes: number;
  readonly presentParts: readonly SdlcPart[];
  readonly omittedParts: readonly SdlcPart[];
  readonly presentPhases: readonly SdlcPhase[];
  /** Phases with every part omitted: their folder does not exist. */
  readonly omittedPhases: readonly SdlcPhase[];
  /**
   * Gap ids engines/gaps reports (default roots and thresholds) because of each omitted part; at completeness 1
   * there are none. The union over omitted parts is the exact gap list of the project.
   */
  readonly expectedGaps: Partial<Record<SdlcPart, readonly string[]>>;
  readonly stories: number;
  /** The backend code base (root = implementation/backend), absent when that part was omitted. */
  readonly backend?: LayeredCodebaseManifest;
  /** The feature suite (root = testing/features), absent when that part was omitted. */
  readonly features?: FeatureSuiteManifest;
}

/** The layered code base with the service layer on top, and its package.json given scripts and the HTTP framework. */
function backendFiles(planned: readonly GeneratedFile[], modules: readonly string[]): GeneratedFile[] {
  const layered = planned.map((f) =>
    f.path === 'package.json' ? { path: f.path, text: backendPackageJson(f.text) } : f,
  );
  return [...layered, ...backendServiceLayer(modules)];
}

/**
 * Lays out an SDLC project folder (requirements, design, implementation, testing, deployment) for the workflow
 * validation and gap engine, with parts omitted according to `completeness` and listed in the manifest.
 *
 * @example
 * const project = await writeSdlcProject(tmp, { seed: 3, codeFiles: 200, completeness: 0.7 });
 * // project.omittedParts is what gap detection must report
 */
export async function writeSdlcProject(dir: string, options: SdlcProjectOptions): Promise<SdlcProjectManifest> {
  if (!(options.completeness >= 0 && options.completeness <= 1))
    throw new RangeError(`completeness must be in [0, 1], got ${options.completeness}`);
  const random = createSeededRandom(options.seed);
  const omitCount = Math.round((1 - options.completeness) * SDLC_PARTS.length);
  const omitted = new Set(random.fork('omission').shuffle(SDLC_PARTS).slice(0, omitCount));
  const present = SDLC_PARTS.filter((part) => !omitted.has(part));
  const stories = options.stories ?? 8;
  const content = random.fork('content');
  const root = resolve(dir);

  const backendPlan = planLayeredCodebase({
    files: options.codeFiles,
    seed: content.int(0, 2 ** 31),
    cycles: options.cycles ?? 0,
    layerViolations: options.layerViolations ?? 0,
    tsconfigPaths: true,
  });
  const modules = backendPlan.manifest.barrels
    .filter((b) => b.startsWith('src/business/'))
    .map((b) => b.split('/')[2] ?? 'core');
  const featurePlan = generateFeatureSuite({
    scenarios: options.featureScenarios ?? 20,
    seed: content.int(0, 2 ** 31),
  });

  const files: GeneratedFile[] = [];
  const under = (prefix: string, generated: readonly GeneratedFile[]): GeneratedFile[] =>
    generated.map((f) => ({ path: `${prefix}/${f.path}`, text: f.text }));
  for (const part of present) {
    switch (part) {
      case 'requirements/product-requirements':
        files.push(...productRequirements(modules));
        break;
      case 'requirements/user-stories':
        files.push(...userStories(stories, modules, content));
        break;
      case 'requirements/acceptance-criteria':
        files.push(acceptanceCriteria(stories, modules));
        break;
      case 'design/architecture':
        files.push(architecture(modules));
        break;
      case 'design/api-spec':
        files.push(apiSpec(modules));
        break;
      case 'design/data-model':
        files.push(dataModel(modules));
        break;
      case 'implementation/backend':
        files.push(...under('implementation/backend', backendFiles(backendPlan.files, modules)));
        break;
      // At least 9 components plus App: the validator's minimum of 10 frontend sources at any size.
      case 'implementation/frontend':
        files.push(...frontend(Math.max(9, Math.round(options.codeFiles / 5)), content));
        break;
      case 'testing/unit':
        files.push(...unitTests(modules));
        break;
      case 'testing/features':
        files.push(...under('testing/features', featurePlan.files));
        break;
      case 'testing/test-plan':
        files.push(testPlan(modules));
        break;
      case 'deployment/dockerfile':
        files.push(...docker());
        break;
      case 'deployment/ci':
        files.push(ci());
        break;
      case 'deployment/kubernetes':
        files.push(...kubernetes(content));
        break;
    }
  }
  // The root exists even when every part is omitted: an empty project is a case gap detection must report.
  await mkdir(root, { recursive: true });
  await writeGeneratedFiles(root, files);
  const phaseOf = (part: SdlcPart): SdlcPhase => part.split('/')[0] as SdlcPhase;
  const presentPhases = PHASES.filter((phase) => present.some((part) => phaseOf(part) === phase));
  return {
    root,
    seed: random.seed,
    completeness: options.completeness,
    files: files.map((f) => f.path).sort(),
    totalBytes: byteLengthOf(files),
    presentParts: present,
    omittedParts: SDLC_PARTS.filter((part) => omitted.has(part)),
    presentPhases,
    omittedPhases: PHASES.filter((phase) => !presentPhases.includes(phase)),
    expectedGaps: expectedGapsOf(
      new Set(present),
      SDLC_PARTS.filter((part) => omitted.has(part)),
      stories,
    ),
    stories: present.includes('requirements/user-stories') ? stories : 0,
    ...(present.includes('implementation/backend')
      ? { backend: { ...backendPlan.manifest, root: join(root, 'implementation/backend') } }
      : {}),
    ...(present.includes('testing/features')
      ? { features: { ...featurePlan.manifest, root: join(root, 'testing/features') } }
      : {}),
  };
}
