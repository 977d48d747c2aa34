import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectGaps, validateWorkflow } from './detect-gaps.js';
import { completeWorkflowFiles, createTempWorkflows, type TempWorkflows } from './testdata/temp-workflows.js';
import type { GapReport } from './types.js';

let temp: TempWorkflows;
beforeEach(() => {
  temp = createTempWorkflows();
});
afterEach(() => temp.dispose());

const gapOf = (report: GapReport, id: string): string | undefined => report.gaps.find((g) => g.id === id)?.actual;

describe('backend tsconfig path aliases', () => {
  const aliased = (): Record<string, string> => ({
    ...completeWorkflowFiles(),
    'implementation/backend/tsconfig.json': JSON.stringify({
      compilerOptions: { baseUrl: '.', paths: { '@svc/*': ['src/services/*'], '@models/*': ['src/models/*'] } },
    }),
    'implementation/backend/src/server.ts':
      "import express from 'express';\nimport users from './routes/users.routes.js';\nimport { find } from '@svc/users.service';\n",
    'implementation/backend/src/services/users.service.ts': "import { User } from '@models/user.model';\n",
  });

  it("resolves aliases with the backend's own tsconfig: internal, not undeclared packages", async () => {
    const report = await detectGaps(temp.add('wf-alias', aliased()), { cache: false });
    expect(report.gaps.map((g) => g.id)).toEqual([]);
    const { context } = await validateWorkflow(temp.add('wf-alias-graph', aliased()), { cache: false });
    const edge = context.graph.edgesByFile
      .get('implementation/backend/src/server.ts')
      ?.find((e) => e.specifier === '@svc/users.service');
    expect(edge).toMatchObject({ status: 'internal', to: 'implementation/backend/src/services/users.service.ts' });
  });

  it('reports an alias to a missing module as a broken import, not as an undeclared package', async () => {
    const files = aliased();
    files['implementation/backend/src/server.ts'] += "import { gone } from '@svc/missing.service';\n";
    const report = await detectGaps(temp.add('wf-alias-broken', files), { cache: false });
    expect(gapOf(report, 'implementation.backend_imports_resolve')).toContain("'@svc/missing.service'");
    expect(gapOf(report, 'implementation.backend_dependencies_declared')).toBeUndefined();
  });

  it('still flags a real package that package.json does not declare', async () => {
    const files = aliased();
    files['implementation/backend/src/server.ts'] += "import _ from 'lodash';\n";
    const report = await detectGaps(temp.add('wf-alias-pkg', files), { cache: false });
    expect(gapOf(report, 'implementation.backend_dependencies_declared')).toBe('undeclared: lodash');
  });
});

describe('docker compose build contexts', () => {
  const withCompose = (build: unknown): Record<string, string> => ({
    ...completeWorkflowFiles(),
    'deployment/Dockerfile': 'FROM node:20\n',
    'deployment/docker-compose.yml': JSON.stringify({ services: { api: { build }, db: { image: 'postgres:16' } } }),
  });

  it("resolves a context relative to the compose file's folder, `..` being the project root", async () => {
    const report = await detectGaps(
      temp.add('wf-ctx-root', withCompose({ context: '..', dockerfile: 'deployment/Dockerfile' })),
      { cache: false },
    );
    expect(gapOf(report, 'deployment.docker_compose_services')).toBeUndefined();
    expect(report.gaps).toEqual([]);
  });

  it('resolves the dockerfile relative to the context', async () => {
    const report = await detectGaps(
      temp.add('wf-ctx-dockerfile', withCompose({ context: '..', dockerfile: 'Dockerfile' })),
      { cache: false },
    );
    expect(gapOf(report, 'deployment.docker_compose_services')).toBe('missing: api -> Dockerfile (dockerfile)');
  });

  it('reports a context that leaves the project or does not exist', async () => {
    const outside = await detectGaps(temp.add('wf-ctx-out', withCompose('../..')), { cache: false });
    expect(gapOf(outside, 'deployment.docker_compose_services')).toBe('missing: api -> ../.. (outside the project)');
    const missing = await detectGaps(temp.add('wf-ctx-missing', withCompose({ context: '../services/api' })), {
      cache: false,
    });
    expect(gapOf(missing, 'deployment.docker_compose_services')).toBe('missing: api -> services/api');
  });
});
