import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectGaps, detectGapsInBatch } from './detect-gaps.js';
import { completeWorkflowFiles, createTempWorkflows, type TempWorkflows } from './testdata/temp-workflows.js';
import type { GapReport, GapSeverity, GapType } from './types.js';

let temp: TempWorkflows;
beforeEach(() => {
  temp = createTempWorkflows();
});
afterEach(() => temp.dispose());

const gapSummary = (r: GapReport): [string, GapType, GapSeverity][] => r.gaps.map((g) => [g.id, g.type, g.severity]);

describe('detectGaps', () => {
  it('finds no gap in a complete workflow: 100%, deployable, priority 5', async () => {
    const report = await detectGaps(temp.add('wf-complete', completeWorkflowFiles()), { cache: false });
    expect(gapSummary(report)).toEqual([]);
    expect(report.phases.every((p) => p.status === 'passed')).toBe(true);
    expect(report.completionPercent).toBe(100);
    expect(report.deployable).toBe(true);
    expect(report.recoveryPriority).toBe(5);
    expect(report.recoveryPlan.approach).toBe('POLISH_AND_DEPLOY');
  });

  it('reports every phase directory missing in an empty workflow', async () => {
    const report = await detectGaps(temp.add('wf-empty', {}), { cache: false });
    expect(gapSummary(report)).toEqual([
      ['requirements.requirements_dir_exists', 'MISSING_DIRECTORY', 'CRITICAL'],
      ['design.design_dir_exists', 'MISSING_DIRECTORY', 'CRITICAL'],
      ['implementation.implementation_dir_exists', 'MISSING_DIRECTORY', 'CRITICAL'],
      ['testing.testing_dir_exists', 'MISSING_DIRECTORY', 'CRITICAL'],
      ['deployment.deployment_dir_exists', 'MISSING_DIRECTORY', 'CRITICAL'],
    ]);
    expect(report.completionPercent).toBe(25);
    expect(report.deployable).toBe(false);
    expect(report.recoveryPriority).toBe(1);
    expect(report.recoveryPlan.approach).toBe('FULL_RESTART');
    expect(report.deploymentBlockers).toHaveLength(5);
  });

  it('reaches every gap type and severity, with expected and actual filled', async () => {
    const files = completeWorkflowFiles();
    delete files['requirements/05_Glossary.md'];
    delete files['requirements/04_User_Stories_and_Use_Cases.md'];
    files['design/03_API_DESIGN_SPECIFICATION.md'] = 'The API is RESTful.';
    files['implementation/backend/src/services/users.service.ts'] =
      "import { User } from '../models/user.model.js';\nimport _ from 'lodash';\n";
    files['implementation/.env.example'] = 'PORT=1\n';
    files['implementation/frontend/package.json'] = '{ "dependencies": ';
    files['testing/users.test.ts'] =
      "import { gone } from '../implementation/backend/src/services/missing.service.js';\n";
    files['deployment/docker/Dockerfile.worker'] = 'FROM node:20\n';
    files['deployment/k8s/deployment.yaml'] = 'kind: Deployment\n';
    delete files['deployment/ci/pipeline.yml'];
    const report = await detectGaps(temp.add('wf-broken', files), { cache: false });
    expect(gapSummary(report)).toEqual([
      ['requirements.minimum_requirement_docs', 'INSUFFICIENT_FILES', 'HIGH'],
      ['requirements.key_requirement_documents', 'MISSING_FILE', 'HIGH'],
      ['design.api_specification_completeness', 'INCOMPLETE_IMPLEMENTATION', 'HIGH'],
      ['implementation.backend_dependencies_declared', 'MISSING_DEPENDENCY', 'HIGH'],
      ['implementation.frontend_package_valid', 'CONFIGURATION_ERROR', 'HIGH'],
      ['implementation.environment_config', 'CONFIGURATION_ERROR', 'MEDIUM'],
      ['testing.test_imports_valid', 'BROKEN_IMPORT', 'CRITICAL'],
      ['deployment.dockerfile_worker_valid', 'INVALID_REFERENCE', 'HIGH'],
      ['deployment.kubernetes_manifests', 'INSUFFICIENT_FILES', 'MEDIUM'],
      ['deployment.ci_pipeline_exists', 'MISSING_FILE', 'MEDIUM'],
    ]);
    const byId = new Map(report.gaps.map((g) => [g.id, g]));
    expect(byId.get('requirements.minimum_requirement_docs')).toMatchObject({
      expected: 'at least 5 requirement documents',
      actual: expect.stringMatching(/^3 \(/),
    });
    expect(byId.get('implementation.backend_dependencies_declared')).toMatchObject({
      actual: 'undeclared: lodash',
      affectedFiles: ['implementation/backend/src/services/users.service.ts'],
    });
    expect(byId.get('testing.test_imports_valid')?.actual).toContain(
      "testing/users.test.ts:1 '../implementation/backend/src/services/missing.service.js'",
    );
    for (const g of report.gaps) {
      expect(g.expected.length).toBeGreaterThan(0);
      expect(g.actual.length).toBeGreaterThan(0);
    }
    expect(report.counts).toEqual({ CRITICAL: 1, HIGH: 6, MEDIUM: 3, LOW: 0, total: 10 });
    // requirements 0.7*0.1 + design 0.7*0.15 + implementation 0.7*0.5 + testing 0.25*0.15 + deployment 0.7*0.1
    expect(report.completionPercent).toBe(63.3);
    expect(report.recoveryPriority).toBe(3);
    expect(report.recoveryPlan.approach).toBe('TARGETED_FIXES');
    expect(report.recoveryPlan.steps[0]?.gapId).toBe('testing.test_imports_valid');
  });

  it('reports the remaining gap types: missing structure, code volume, entry, route mounting, packages, LOW', async () => {
    const files: Record<string, string> = {
      'implementation/backend/src/server.ts': "import { x } from './nowhere.js';\n",
      'implementation/frontend/src/widget.ts': '',
      'deployment/docker-compose.yml': 'services: [unclosed\n',
    };
    const report = await detectGaps(temp.add('wf-partial', files), { cache: false });
    const impl = gapSummary(report).filter(([id]) => id.startsWith('implementation.') || id.startsWith('deployment.'));
    expect(impl).toEqual([
      ['implementation.backend_structure', 'INCOMPLETE_IMPLEMENTATION', 'CRITICAL'],
      ['implementation.backend_code_volume', 'INSUFFICIENT_FILES', 'CRITICAL'],
      ['implementation.backend_route_files', 'INSUFFICIENT_FILES', 'HIGH'],
      ['implementation.backend_model_files', 'INSUFFICIENT_FILES', 'HIGH'],
      ['implementation.backend_has_routes', 'INCOMPLETE_IMPLEMENTATION', 'CRITICAL'],
      ['implementation.backend_imports_resolve', 'BROKEN_IMPORT', 'CRITICAL'],
      ['implementation.backend_package_exists', 'MISSING_FILE', 'HIGH'],
      ['implementation.frontend_code_volume', 'INSUFFICIENT_FILES', 'CRITICAL'],
      ['implementation.frontend_components', 'INSUFFICIENT_FILES', 'HIGH'],
      ['implementation.frontend_has_app_file', 'MISSING_FILE', 'CRITICAL'],
      ['implementation.frontend_package_exists', 'MISSING_FILE', 'HIGH'],
      ['implementation.environment_example_exists', 'MISSING_FILE', 'LOW'],
      ['deployment.dockerfile_exists', 'MISSING_FILE', 'HIGH'],
      ['deployment.docker_compose_valid', 'CONFIGURATION_ERROR', 'HIGH'],
      ['deployment.ci_pipeline_exists', 'MISSING_FILE', 'MEDIUM'],
    ]);
  });

  it('reports missing backend/frontend folders and compose services without code, ordering the plan by dependency', async () => {
    const files = completeWorkflowFiles();
    for (const key of Object.keys(files)) if (key.startsWith('implementation/frontend/')) delete files[key];
    const report = await detectGaps(temp.add('wf-nofront', files), { cache: false });
    expect(gapSummary(report)).toEqual([
      ['implementation.frontend_exists', 'MISSING_DIRECTORY', 'CRITICAL'],
      ['testing.test_imports_valid', 'BROKEN_IMPORT', 'CRITICAL'],
      ['deployment.dockerfile_frontend_valid', 'INVALID_REFERENCE', 'CRITICAL'],
      ['deployment.docker_compose_services', 'INVALID_REFERENCE', 'CRITICAL'],
    ]);
    expect(report.gaps.find((g) => g.id === 'deployment.docker_compose_services')?.dependsOn).toEqual([
      'implementation.frontend_exists',
    ]);
    expect(report.recoveryPlan.steps.map((s) => s.gapId)).toEqual([
      'implementation.frontend_exists',
      'testing.test_imports_valid',
      'deployment.docker_compose_services',
      'deployment.dockerfile_frontend_valid',
    ]);
  });

  it('honours configured roots and thresholds', async () => {
    const files: Record<string, string> = {};
    for (const [path, content] of Object.entries(completeWorkflowFiles()))
      files[path.replace(/^testing\//, 'qa/')] = content;
    const report = await detectGaps(temp.add('wf-roots', files), {
      cache: false,
      roots: { testing: 'qa' },
      thresholds: { minTestFiles: 4 },
    });
    expect(gapSummary(report)).toEqual([['testing.test_files_exist', 'INSUFFICIENT_FILES', 'HIGH']]);
  });

  it('re-parses nothing on a second pass over an unchanged workflow', async () => {
    const dir = temp.add('wf-cached', completeWorkflowFiles());
    const first = await detectGaps(dir);
    const second = await detectGaps(dir);
    expect(first.counters.filesParsed).toBeGreaterThan(30);
    expect(second.counters).toMatchObject({ filesScanned: 0, filesParsed: 0, cacheHits: first.counters.filesParsed });
    expect(gapSummary(second)).toEqual(gapSummary(first));
  });
});

describe('detectGapsInBatch', () => {
  it('analyses every wf-* folder and queues them by recovery priority', async () => {
    temp.add('wf-a', completeWorkflowFiles());
    temp.add('wf-b', {});
    const partial = completeWorkflowFiles();
    delete partial['deployment/ci/pipeline.yml'];
    temp.add('wf-c', partial);
    temp.add('other', {});
    const batch = await detectGapsInBatch(temp.root, { cache: false });
    expect(batch.workflowsAnalyzed).toBe(3);
    expect(batch.deployable).toBe(2);
    expect(batch.needingFixes).toBe(1);
    expect(batch.recoveryQueue.map((q) => [q.workflowId, q.priority, q.completionPercent])).toEqual([
      ['wf-b', 1, 25],
      ['wf-a', 5, 100],
      ['wf-c', 5, 98.5],
    ]);
    expect(batch.totals).toEqual({ critical: 5, high: 0, all: 6 });
    expect(batch.averageCompletionPercent).toBe(74.5);
    expect(batch.errors).toEqual([]);
  });
});
