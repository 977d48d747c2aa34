import { stringify } from 'yaml';
import type { GeneratedFile } from './codebase-types.js';
import type { SeededRandom } from './seeded-random.js';

/** The non-code documents of a generated SDLC project, one function per part. */
const GOALS = [
  'see my order history',
  'pay with a saved card',
  'track a shipment',
  'export a monthly report',
  'reset my password',
  'apply a discount code',
  'return an item',
  'compare two products',
];
const ACTORS = ['customer', 'store manager', 'support agent', 'accountant'];

const storyId = (n: number): string => `US-${String(n).padStart(3, '0')}`;

export function userStories(count: number, modules: readonly string[], random: SeededRandom): GeneratedFile[] {
  return Array.from({ length: count }, (_, i) => {
    const goal = GOALS[i % GOALS.length] as string;
    const module = modules[i % modules.length] ?? 'core';
    return {
      // The `user-story` suffix is what the validator's key-document glob (*user*stor*) looks for.
      path: `requirements/user-stories/${storyId(i + 1)}-user-story.md`,
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

/** Product, functional and non-functional requirements: three of the validator's four key requirement documents. */
export function productRequirements(modules: readonly string[]): GeneratedFile[] {
  return [
    {
      path: 'requirements/product-requirements.md',
      text: [
        '# Product requirements',
        '',
        'An online shop for returning customers.',
        '',
        '## Scope',
        '',
        ...modules.map((m) => `- ${m}`),
        '',
      ].join('\n'),
    },
    {
      path: 'requirements/functional-requirements.md',
      text: [
        '# Functional requirements',
        '',
        ...modules.flatMap((m, i) => [
          `## FR-${i + 1}: ${m}`,
          '',
          `- The system lists, creates and reads ${m} entries through the API.`,
          '',
        ]),
      ].join('\n'),
    },
    {
      path: 'requirements/non-functional-requirements.md',
      text: [
        '# Non-functional requirements',
        '',
        '- p95 API latency under 300 ms at 200 requests per second',
        '- 99.9% monthly availability',
        '- Personal data encrypted at rest',
        '',
      ].join('\n'),
    },
  ];
}

export function acceptanceCriteria(count: number, modules: readonly string[]): GeneratedFile {
  const sections = Array.from({ length: count }, (_, i) =>
    [
      `## ${storyId(i + 1)}`,
      '',
      `- Given a signed-in user of the ${modules[i % modules.length] ?? 'core'} module`,
      `- When they ${GOALS[i % GOALS.length]}`,
      '- Then the result is shown within 2 seconds and recorded in the audit log',
      '',
    ].join('\n'),
  );
  return { path: 'requirements/acceptance-criteria.md', text: ['# Acceptance criteria', '', ...sections].join('\n') };
}

export function architecture(modules: readonly string[]): GeneratedFile {
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

export function apiSpec(modules: readonly string[]): GeneratedFile {
  const paths: Record<string, unknown> = {};
  for (const module of modules) {
    paths[`/api/${module}`] = {
      get: { summary: `List ${module}`, responses: { '200': { description: 'OK' } } },
      post: {
        summary: `Create a ${module} entry`,
        responses: { '201': { description: 'Created' }, '400': { description: 'Invalid input' } },
      },
    };
    paths[`/api/${module}/{id}`] = {
      get: {
        summary: `Read one ${module} entry`,
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'OK' }, '404': { description: 'Not found' } },
      },
    };
  }
  // OpenAPI keys are lower-case; the description names each endpoint with its method as a reader (and the validator) expects.
  const endpoints = modules.flatMap((m) => [`GET /api/${m}`, `POST /api/${m}`, `GET /api/${m}/{id}`]);
  const description = `Endpoints:\n${endpoints.map((e) => `- ${e}`).join('\n')}\n`;
  return {
    path: 'design/api-spec.yaml',
    text: stringify({ openapi: '3.0.3', info: { title: 'Generated shop API', version: '1.0.0', description }, paths }),
  };
}

export function dataModel(modules: readonly string[]): GeneratedFile {
  return {
    path: 'design/data-model.md',
    text: [
      '# Data model',
      '',
      ...modules.flatMap((m) => [
        `## ${m}`,
        '',
        '| Field | Type |',
        '| --- | --- |',
        '| id | uuid |',
        '| createdAt | timestamp |',
        '| status | text |',
        '',
      ]),
    ].join('\n'),
  };
}

export function frontend(count: number, random: SeededRandom): GeneratedFile[] {
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
    {
      path: 'implementation/frontend/package.json',
      text: `${JSON.stringify({ name: 'generated-frontend', private: true, scripts: { build: 'vite build', start: 'vite preview' }, dependencies: { react: '^18.3.0' } }, null, 2)}\n`,
    },
  ];
}

/** One test per business module and per service, plus the server's: at least the validator's minimum of 3. */
export function unitTests(modules: readonly string[]): GeneratedFile[] {
  const services = modules.map((module) => ({
    path: `testing/unit/${module}.service.test.ts`,
    text: [
      "import { describe, expect, it } from 'vitest';",
      `import * as service from '../../implementation/backend/src/services/${module}.service';`,
      '',
      `describe('${module} service', () => {`,
      "  it('starts empty', () => {",
      '    expect(Object.values(service).length).toBeGreaterThan(0);',
      '  });',
      '});',
      '',
    ].join('\n'),
  }));
  const server = {
    path: 'testing/unit/server.test.ts',
    text: [
      "import { expect, it } from 'vitest';",
      '',
      "it('loads the server module', async () => {",
      "  await expect(import('../../implementation/backend/src/server')).resolves.toBeDefined();",
      '});',
      '',
    ].join('\n'),
  };
  return [...barrelTests(modules), ...services, server];
}

function barrelTests(modules: readonly string[]): GeneratedFile[] {
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

export function testPlan(modules: readonly string[]): GeneratedFile {
  return {
    path: 'testing/test-plan.md',
    text: [
      '# Test plan',
      '',
      '- Unit tests per business module (testing/unit)',
      '- Behaviour scenarios (testing/features)',
      '- Coverage target: 80% lines',
      '',
      '## Modules in scope',
      '',
      ...modules.map((m) => `- ${m}`),
      '',
    ].join('\n'),
  };
}

export function docker(): GeneratedFile[] {
  return [
    {
      path: 'deployment/Dockerfile',
      text: [
        'FROM node:20-alpine AS build',
        'WORKDIR /app',
        'COPY implementation/backend ./',
        'RUN npm ci && npm run build',
        '',
        'FROM node:20-alpine',
        'WORKDIR /app',
        'COPY --from=build /app/dist ./dist',
        'USER node',
        'EXPOSE 8080',
        'CMD ["node", "dist/main.js"]',
        '',
      ].join('\n'),
    },
    {
      path: 'deployment/docker-compose.yml',
      text: stringify({
        services: {
          api: { build: { context: '..', dockerfile: 'deployment/Dockerfile' }, ports: ['8080:8080'] },
          db: { image: 'postgres:16' },
        },
      }),
    },
  ];
}

export function ci(): GeneratedFile {
  const workflow = {
    name: 'ci',
    on: { push: { branches: ['main'] }, pull_request: {} },
    jobs: {
      test: {
        'runs-on': 'ubuntu-latest',
        steps: [
          { uses: 'actions/checkout@v4' },
          { uses: 'actions/setup-node@v4', with: { 'node-version': 20 } },
          { run: 'npm ci' },
          { run: 'npm test' },
        ],
      },
    },
  };
  // deployment/ci/*.yml is one of the places the validator (and a reader) looks for a pipeline.
  return { path: 'deployment/ci/pipeline.yml', text: stringify(workflow) };
}

/** Deployment, service and config map: the three manifests the validator requires. */
export function kubernetes(random: SeededRandom): GeneratedFile[] {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'generated-shop-api' },
    spec: {
      replicas: random.int(2, 4),
      selector: { matchLabels: { app: 'shop-api' } },
      template: {
        metadata: { labels: { app: 'shop-api' } },
        spec: {
          containers: [
            {
              name: 'api',
              image: 'registry.local/shop-api:1.0.0',
              ports: [{ containerPort: 8080 }],
              envFrom: [{ configMapRef: { name: 'shop-api-config' } }],
            },
          ],
        },
      },
    },
  };
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'shop-api' },
    spec: { selector: { app: 'shop-api' }, ports: [{ port: 80, targetPort: 8080 }] },
  };
  const config = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'shop-api-config' },
    data: { PORT: '8080', API_BASE_URL: 'http://shop-api/api' },
  };
  return [
    { path: 'deployment/k8s/deployment.yaml', text: stringify(deployment) },
    { path: 'deployment/k8s/service.yaml', text: stringify(service) },
    { path: 'deployment/k8s/configmap.yaml', text: stringify(config) },
  ];
}
