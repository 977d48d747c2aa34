import { posix } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { checkRecorder, list, type WorkflowContext } from './workflow-context.js';
import type { CheckResult } from './types.js';

const CI_FILES = [
  /^\.github\/workflows\/[^/]+\.ya?ml$/,
  /(^|\/)\.gitlab-ci\.ya?ml$/,
  /(^|\/)Jenkinsfile$/,
  /(^|\/)azure-pipelines\.ya?ml$/,
  /(^|\/)ci\/[^/]+\.ya?ml$/,
  /(^|\/)\.circleci\/config\.ya?ml$/,
];

/**
 * Compose resolves a build context against the compose file's folder and the dockerfile against the context.
 * Returns what is missing (root-relative), or undefined when both exist. A remote (git/URL) context is not checked.
 */
function buildContextProblem(
  ctx: WorkflowContext,
  composeFile: string,
  context: string,
  dockerfile: string | undefined,
): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('git@')) return undefined;
  const resolved = posix.normalize(posix.join(posix.dirname(composeFile), context));
  if (resolved === '..' || resolved.startsWith('../') || posix.isAbsolute(context))
    return `${context} (outside the project)`;
  const contextDir = resolved === '.' ? '' : resolved;
  if (!ctx.dirExists(contextDir)) return resolved;
  if (dockerfile === undefined || posix.isAbsolute(dockerfile)) return undefined;
  const dockerfilePath = posix.normalize(posix.join(contextDir, dockerfile));
  return ctx.fileExists(dockerfilePath) ? undefined : `${dockerfilePath} (dockerfile)`;
}

export function checkDeployment(ctx: WorkflowContext): CheckResult[] {
  const { results, record } = checkRecorder('deployment');
  const root = ctx.roots.deployment;
  if (
    !record(ctx.dirExists(root), {
      check: 'deployment_dir_exists',
      severity: 'CRITICAL',
      gapType: 'MISSING_DIRECTORY',
      location: root,
      expected: `directory ${root}/`,
      actual: 'missing',
      message: 'Deployment directory does not exist',
      fix: `Create ${root}/ with Dockerfiles, compose/Kubernetes configuration and CI`,
    })
  )
    return results;

  const dockerfiles = ctx.filesUnder(root, ['Dockerfile', 'Dockerfile.*', '*.Dockerfile']);
  record(dockerfiles.length > 0, {
    check: 'dockerfile_exists',
    severity: 'HIGH',
    gapType: 'MISSING_FILE',
    location: root,
    expected: 'at least one Dockerfile',
    actual: 'none',
    message: 'No Dockerfile in the deployment folder',
    fix: `Add ${root}/docker/Dockerfile.backend and Dockerfile.frontend`,
  });
  for (const file of dockerfiles) {
    const name = posix.basename(file);
    const service = name.startsWith('Dockerfile.')
      ? name.slice('Dockerfile.'.length)
      : name.endsWith('.Dockerfile')
        ? name.slice(0, -'.Dockerfile'.length)
        : undefined;
    if (service === undefined) continue;
    const target =
      service === 'backend'
        ? ctx.roots.backend
        : service === 'frontend'
          ? ctx.roots.frontend
          : `${ctx.roots.implementation}/${service}`;
    const exists = ctx.dirExists(target);
    record(exists, {
      check: `dockerfile_${service}_valid`,
      severity: service === 'backend' || service === 'frontend' ? 'CRITICAL' : 'HIGH',
      gapType: 'INVALID_REFERENCE',
      location: file,
      expected: `an implementation at ${target}/`,
      actual: exists ? 'present' : 'missing',
      message: `${name} builds ${exists ? 'an existing' : 'a non-existent'} implementation`,
      fix: `Implement ${service} in ${target}/ or remove ${file}`,
      affectedFiles: [file],
    });
  }

  const composeFiles = ctx.filesUnder(root, [
    'docker-compose*.yml',
    'docker-compose*.yaml',
    'compose.yml',
    'compose.yaml',
  ]);
  for (const file of composeFiles) {
    let doc: unknown;
    try {
      doc = parseYaml(ctx.readText(file) ?? '');
    } catch (error) {
      record(false, {
        check: 'docker_compose_valid',
        severity: 'HIGH',
        gapType: 'CONFIGURATION_ERROR',
        location: file,
        expected: 'valid YAML',
        actual: error instanceof Error ? (error.message.split('\n')[0] ?? 'invalid') : 'invalid',
        message: `${file} is not valid YAML`,
        fix: `Fix the YAML syntax of ${file}`,
        affectedFiles: [file],
      });
      continue;
    }
    const services = typeof doc === 'object' && doc !== null ? (doc as { services?: unknown }).services : undefined;
    if (typeof services !== 'object' || services === null) {
      record(false, {
        check: 'docker_compose_valid',
        severity: 'HIGH',
        gapType: 'CONFIGURATION_ERROR',
        location: file,
        expected: 'a services: map',
        actual: 'no services',
        message: `${file} defines no services`,
        fix: 'Define the services to deploy',
        affectedFiles: [file],
      });
      continue;
    }
    const broken: string[] = [];
    for (const [name, def] of Object.entries(services as Record<string, unknown>)) {
      const build = typeof def === 'object' && def !== null ? (def as { build?: unknown }).build : undefined;
      const context =
        typeof build === 'string'
          ? build
          : typeof build === 'object' && build !== null
            ? (build as { context?: unknown }).context
            : undefined;
      const dockerfile =
        typeof build === 'object' && build !== null ? (build as { dockerfile?: unknown }).dockerfile : undefined;
      if (typeof context === 'string') {
        const problem = buildContextProblem(
          ctx,
          file,
          context,
          typeof dockerfile === 'string' ? dockerfile : undefined,
        );
        if (problem !== undefined) broken.push(`${name} -> ${problem}`);
      } else if (
        (name === 'backend' || name === 'frontend') &&
        !ctx.dirExists(name === 'backend' ? ctx.roots.backend : ctx.roots.frontend)
      ) {
        broken.push(`${name} -> ${name === 'backend' ? ctx.roots.backend : ctx.roots.frontend}`);
      }
    }
    record(broken.length === 0, {
      check: 'docker_compose_services',
      severity: 'CRITICAL',
      gapType: 'INVALID_REFERENCE',
      location: file,
      expected: 'every service builds from an existing directory',
      actual: broken.length === 0 ? 'all present' : `missing: ${list(broken)}`,
      message: `Docker Compose: ${broken.length} service(s) reference missing code`,
      fix: `Implement or remove: ${list(broken)}`,
      affectedFiles: [file],
    });
  }

  const k8s = ['k8s', 'kubernetes'].map((d) => `${root}/${d}`).find((d) => ctx.dirExists(d));
  if (k8s !== undefined) {
    const manifests = ctx.filesUnder(k8s, ['*.yaml', '*.yml']);
    const min = ctx.thresholds.minKubernetesManifests;
    record(manifests.length >= min, {
      check: 'kubernetes_manifests',
      severity: 'MEDIUM',
      gapType: 'INSUFFICIENT_FILES',
      location: k8s,
      expected: `at least ${min} manifests (deployment, service, config)`,
      actual: `${manifests.length}`,
      message: `Kubernetes manifests: ${manifests.length} (minimum: ${min})`,
      fix: 'Add deployment, service and configuration manifests',
    });
  }

  const ci = ctx.files.filter((f) => CI_FILES.some((re) => re.test(f)));
  record(ci.length > 0, {
    check: 'ci_pipeline_exists',
    severity: 'MEDIUM',
    gapType: 'MISSING_FILE',
    location: root,
    expected: 'a CI pipeline (.github/workflows/*.yml, .gitlab-ci.yml, Jenkinsfile, ci/*.yml)',
    actual: 'none',
    message: 'No CI pipeline builds and tests the project',
    fix: `Add ${root}/ci/pipeline.yml or .github/workflows/ci.yml`,
  });
  return results;
}
