import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { GeneratedFile, LayeredCodebaseManifest } from './codebase-types.js';
import { generateFeatureSuite } from './feature-suite.js';
import type { FeatureSuiteManifest } from './feature-suite.js';
import { planLayeredCodebase } from './layered-codebase.js';
import { createSeededRandom } from './seeded-random.js';
import type { SeededRandom } from './seeded-random.js';
import { byteLengthOf, writeGeneratedFiles } from './write-tree.js';

export type SdlcPhase = 'requirements' | 'design' | 'implementation' | 'testing' | 'deployment';

export const SDLC_PARTS = [
  'requirements/user-stories',
  'requirements/acceptance-criteria',
  'design/architecture',
  'design/api-spec',
  'design/data-model',
  'implementation/backend',
  'implementation/frontend',
  'testing/unit',
  'testing/features',
  'testing/test-plan',
  'deployment/dockerfile',
  'deployment/ci',
  'deployment/kubernetes',
] as const;

export type SdlcPart = (typeof SDLC_PARTS)[number];

const PHASES: readonly SdlcPhase[] = ['requirements', 'design', 'implementation', 'testing', 'deployment'];

export interface SdlcProjectOptions {
  readonly seed: number;
  /** Backend source files (a layered code base, at least 16). */
  readonly codeFiles: number;
  /**
   * 0..1: share of the 13 parts written. round((1 - completeness) * 13) parts are omitted, in a seeded order, so for
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
  readonly stories: number;
  /** The backend code base (root = implementation/backend), absent when that part was omitted. */
  readonly backend?: LayeredCodebaseManifest;
  /** The feature suite (root = testing/features), absent when that part was omitted. */
  readonly features?: FeatureSuiteManifest;
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
  if (!(options.completeness >= 0 && options.completeness <= 1)) throw new RangeError(`completeness must be in [0, 1], got ${options.completeness}`);
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
  const modules = backendPlan.manifest.barrels.filter((b) => b.startsWith('src/business/')).map((b) => b.split('/')[2] ?? 'core');
  const featurePlan = generateFeatureSuite({ scenarios: options.featureScenarios ?? 20, seed: content.int(0, 2 ** 31) });

  const files: GeneratedFile[] = [];
  const under = (prefix: string, generated: readonly GeneratedFile[]): GeneratedFile[] => generated.map((f) => ({ path: `${prefix}/${f.path}`, text: f.text }));
  for (const part of present) {
    switch (part) {
      case 'requirements/user-stories': files.push(...userStories(stories, modules, content)); break;
      case 'requirements/acceptance-criteria': files.push(acceptanceCriteria(stories, modules)); break;
      case 'design/architecture': files.push(architecture(modules)); break;
      case 'design/api-spec': files.push(apiSpec(modules)); break;
      case 'design/data-model': files.push(dataModel(modules)); break;
      case 'implementation/backend': files.push(...under('implementation/backend', backendPlan.files)); break;
      case 'implementation/frontend': files.push(...frontend(Math.max(3, Math.round(options.codeFiles / 5)), content)); break;
      case 'testing/unit': files.push(...unitTests(modules)); break;
      case 'testing/features': files.push(...under('testing/features', featurePlan.files)); break;
      case 'testing/test-plan': files.push(testPlan(modules)); break;
      case 'deployment/dockerfile': files.push(...docker()); break;
      case 'deployment/ci': files.push(ci()); break;
      case 'deployment/kubernetes': files.push(kubernetes(content)); break;
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
    stories: present.includes('requirements/user-stories') ? stories : 0,
    ...(present.includes('implementation/backend') ? { backend: { ...backendPlan.manifest, root: join(root, 'implementation/backend') } } : {}),
    ...(present.includes('testing/features') ? { features: { ...featurePlan.manifest, root: join(root, 'testing/features') } } : {}),
  };
}

const GOALS = ['see my order history', 'pay with a saved card', 'track a shipment', 'export a monthly report', 'reset my password', 'apply a discount code', 'return an item', 'compare two products'];
const ACTORS = ['customer', 'store manager', 'support agent', 'accountant'];

const storyId = (n: number): string => `US-${String(n).padStart(3, '0')}`;

function userStories(count: number, modules: readonly string[], random: SeededRandom): GeneratedFile[] {
  return Array.from({ length: count }, (_, i) => {
    const goal = GOALS[i % GOALS.length] as string;
    const module = modules[i % modules.length] ?? 'core';
    return {
      path: `requirements/user-stories/${storyId(i + 1)}.md`,
      text: [
        `# ${storyId(i + 1)}: ${goal}`,
        '',
        `As a ${random.pick(ACTORS)}, I want to ${goal}, so that I do not have to call support.`,
        '',
        `- Module: ${module}`,
        `- Priority: ${random.pick(['High', 'Medium', 'Low'])}`,
        `- Estimate: ${random.pick([1, 2, 3, 5, 8])} points`,
        `- Acceptance criteria: see ../acceptance-criteria.md#${storyId(i + 1).toLowerCase()}`,
        '',
      ].join('\n'),
    };
  });
}

function acceptanceCriteria(count: number, modules: readonly string[]): GeneratedFile {
  const sections = Array.from({ length: count }, (_, i) => [
    `## ${storyId(i + 1)}`,
    '',
    `- Given a signed-in user of the ${modules[i % modules.length] ?? 'core'} module`,
    `- When they ${GOALS[i % GOALS.length]}`,
    '- Then the result is shown within 2 seconds and recorded in the audit log',
    '',
  ].join('\n'));
  return { path: 'requirements/acceptance-criteria.md', text: ['# Acceptance criteria', '', ...sections].join('\n') };
}

function architecture(modules: readonly string[]): GeneratedFile {
  return {
    path: 'design/architecture.md',
    text: [
      '# Architecture',
      '',
      'The backend is layered; each layer may call only the one directly below it.',
      '',
      '```mermaid',
      'flowchart TD',
      '  presentation --> business --> data --> infrastructure',
      '```',
      '',
      '| Layer | Responsibility |',
      '| --- | --- |',
      '| presentation | views, controllers, request mapping |',
      '| business | domain rules and workflows |',
      '| data | repositories and mappers |',
      '| infrastructure | network, storage, logging |',
      '',
      '## Modules',
      '',
      ...modules.map((m) => `- **${m}**: owns its rules, exposes an index.ts barrel`),
      '',
    ].join('\n'),
  };
}

function apiSpec(modules: readonly string[]): GeneratedFile {
  const paths: Record<string, unknown> = {};
  for (const module of modules) {
    paths[`/api/${module}`] = {
      get: { summary: `List ${module}`, responses: { '200': { description: 'OK' } } },
      post: { summary: `Create a ${module} entry`, responses: { '201': { description: 'Created' }, '400': { description: 'Invalid input' } } },
    };
    paths[`/api/${module}/{id}`] = {
      get: { summary: `Read one ${module} entry`, parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'OK' }, '404': { description: 'Not found' } } },
    };
  }
  return { path: 'design/api-spec.yaml', text: stringify({ openapi: '3.0.3', info: { title: 'Generated shop API', version: '1.0.0' }, paths }) };
}

function dataModel(modules: readonly string[]): GeneratedFile {
  return {
    path: 'design/data-model.md',
    text: ['# Data model', '', ...modules.flatMap((m) => [`## ${m}`, '', '| Field | Type |', '| --- | --- |', '| id | uuid |', '| createdAt | timestamp |', '| status | text |', ''])].join('\n'),
  };
}

function frontend(count: number, random: SeededRandom): GeneratedFile[] {
  const names = Array.from({ length: count }, (_, i) => `Widget${i + 1}`);
  const components = names.map((name, i) => {
    const child = names[i + 1];
    return {
      path: `implementation/frontend/src/components/${name}.tsx`,
      text: [
        "import { useState } from 'react';",
        ...(child ? [`import { ${child} } from './${child}';`] : []),
        '',
        `export function ${name}(props: { readonly title: string }) {`,
        `  const [count, setCount] = useState(${random.int(0, 9)});`,
        '  return (',
        '    <div>',
        '      <button onClick={() => setCount(count + 1)}>{props.title}: {count}</button>',
        ...(child ? [`      <${child} title="nested" />`] : []),
        '    </div>',
        '  );',
        '}',
        '',
      ].join('\n'),
    };
  });
  return [
    ...components,
    {
      path: 'implementation/frontend/src/App.tsx',
      text: `import { ${names[0]} } from './components/${names[0]}';\n\nexport function App() {\n  return <${names[0]} title="home" />;\n}\n`,
    },
    { path: 'implementation/frontend/package.json', text: `${JSON.stringify({ name: 'generated-frontend', private: true, dependencies: { react: '^18.3.0' } }, null, 2)}\n` },
  ];
}

function unitTests(modules: readonly string[]): GeneratedFile[] {
  return modules.map((module) => ({
    path: `testing/unit/${module}.test.ts`,
    text: [
      "import { describe, expect, it } from 'vitest';",
      `import * as ${module.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())} from '../../implementation/backend/src/business/${module}';`,
      '',
      `describe('${module}', () => {`,
      "  it('exposes its public surface', () => {",
      `    expect(Object.keys(${module.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}).length).toBeGreaterThan(0);`,
      '  });',
      '});',
      '',
    ].join('\n'),
  }));
}

function testPlan(modules: readonly string[]): GeneratedFile {
  return {
    path: 'testing/test-plan.md',
    text: ['# Test plan', '', '- Unit tests per business module (testing/unit)', '- Behaviour scenarios (testing/features)', '- Coverage target: 80% lines', '', '## Modules in scope', '', ...modules.map((m) => `- ${m}`), ''].join('\n'),
  };
}

function docker(): GeneratedFile[] {
  return [
    {
      path: 'deployment/Dockerfile',
      text: ['FROM node:20-alpine AS build', 'WORKDIR /app', 'COPY implementation/backend ./', 'RUN npm ci && npm run build', '', 'FROM node:20-alpine', 'WORKDIR /app', 'COPY --from=build /app/dist ./dist', 'USER node', 'EXPOSE 8080', 'CMD ["node", "dist/main.js"]', ''].join('\n'),
    },
    {
      path: 'deployment/docker-compose.yml',
      text: stringify({ services: { api: { build: { context: '..', dockerfile: 'deployment/Dockerfile' }, ports: ['8080:8080'] }, db: { image: 'postgres:16' } } }),
    },
  ];
}

function ci(): GeneratedFile {
  const workflow = {
    name: 'ci',
    on: { push: { branches: ['main'] }, pull_request: {} },
    jobs: {
      test: {
        'runs-on': 'ubuntu-latest',
        steps: [{ uses: 'actions/checkout@v4' }, { uses: 'actions/setup-node@v4', with: { 'node-version': 20 } }, { run: 'npm ci' }, { run: 'npm test' }],
      },
    },
  };
  return { path: 'deployment/ci.yml', text: stringify(workflow) };
}

function kubernetes(random: SeededRandom): GeneratedFile {
  const manifest = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'generated-shop-api' },
    spec: {
      replicas: random.int(2, 4),
      selector: { matchLabels: { app: 'shop-api' } },
      template: {
        metadata: { labels: { app: 'shop-api' } },
        spec: { containers: [{ name: 'api', image: 'registry.local/shop-api:1.0.0', ports: [{ containerPort: 8080 }] }] },
      },
    },
  };
  return { path: 'deployment/k8s/deployment.yaml', text: stringify(manifest) };
}
