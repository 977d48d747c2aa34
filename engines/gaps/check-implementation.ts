import { posix } from 'node:path';
import { checkRecorder, list, type CheckSpec, type WorkflowContext } from './workflow-context.js';
import type { CheckResult } from './types.js';
import { errorMessage } from '../common/index.js';

type Record_ = (passed: boolean, spec: CheckSpec) => boolean;

const SERVER_ENTRY = /^(server|app|index|main)\.(ts|js|mts|mjs|cts|cjs)$/;
const FRONTEND_APP = /^(App\.(tsx|jsx|vue|ts|js)|main\.(tsx|jsx|ts|js)|index\.(tsx|jsx))$/;
const FRONTEND_EXT = /\.(tsx|jsx|ts|js|mjs|vue)$/;

function checkBrokenImports(ctx: WorkflowContext, record: Record_, side: 'backend' | 'frontend', root: string): void {
  const broken = ctx.edgesUnder(root).filter((e) => e.status === 'unresolved');
  record(broken.length === 0, {
    check: `${side}_imports_resolve`,
    severity: 'CRITICAL',
    gapType: 'BROKEN_IMPORT',
    location: root,
    expected: 'every relative or path-mapped import resolves to a file',
    actual:
      broken.length === 0
        ? 'all resolve'
        : `${broken.length} unresolved: ${list(
            broken.map((e) => `${e.from}:${e.line} '${e.specifier}'`),
            5,
          )}`,
    message: `${side} has ${broken.length} unresolved import(s)`,
    fix: 'Create the imported modules or correct the import paths',
    affectedFiles: [...new Set(broken.map((e) => e.from))],
  });
}

function checkPackage(
  ctx: WorkflowContext,
  record: Record_,
  side: 'backend' | 'frontend',
  root: string,
  script: string,
): void {
  const path = `${root}/package.json`;
  const text = ctx.readText(path);
  if (
    !record(text !== undefined, {
      check: `${side}_package_exists`,
      severity: 'HIGH',
      gapType: 'MISSING_FILE',
      location: path,
      expected: `${path} declaring dependencies and a "${script}" script`,
      actual: 'missing',
      message: `${side} has no package.json`,
      fix: `Create ${path} with dependencies and a ${script} script`,
    }) ||
    text === undefined
  )
    return;
  let pkg: {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    scripts?: Record<string, string>;
  };
  try {
    pkg = JSON.parse(text) as typeof pkg;
  } catch (error) {
    record(false, {
      check: `${side}_package_valid`,
      severity: 'HIGH',
      gapType: 'CONFIGURATION_ERROR',
      location: path,
      expected: 'valid JSON',
      actual: errorMessage(error),
      message: `${side} package.json is not valid JSON`,
      fix: `Fix the JSON syntax of ${path}`,
      affectedFiles: [path],
    });
    return;
  }
  const deps = Object.keys(pkg.dependencies ?? {});
  const hasScript = typeof pkg.scripts?.[script] === 'string';
  record(deps.length > 0 && hasScript, {
    check: `${side}_package_valid`,
    severity: 'HIGH',
    gapType: 'MISSING_DEPENDENCY',
    location: path,
    expected: `dependencies and a "${script}" script`,
    actual: `${deps.length} dependencies, ${hasScript ? `"${script}" script present` : `no "${script}" script`}`,
    message: deps.length > 0 && hasScript ? `${side} package.json is complete` : `${side} package.json incomplete`,
    fix: `Add dependencies and a ${script} script to ${path}`,
    affectedFiles: [path],
  });
  const declared = new Set([
    ...deps,
    ...Object.keys(pkg.devDependencies ?? {}),
    ...Object.keys(pkg.peerDependencies ?? {}),
  ]);
  const undeclared = new Map<string, string>();
  for (const e of ctx.edgesUnder(root))
    if (e.status === 'external' && !declared.has(e.to) && !undeclared.has(e.to)) undeclared.set(e.to, e.from);
  record(undeclared.size === 0, {
    check: `${side}_dependencies_declared`,
    severity: 'HIGH',
    gapType: 'MISSING_DEPENDENCY',
    location: path,
    expected: 'every imported package declared in package.json',
    actual: undeclared.size === 0 ? 'all declared' : `undeclared: ${list([...undeclared.keys()])}`,
    message: `${side} imports ${undeclared.size} undeclared package(s)`,
    fix: `Add ${list([...undeclared.keys()])} to ${path}`,
    affectedFiles: [...new Set(undeclared.values())],
  });
}

function checkBackend(ctx: WorkflowContext, record: Record_): void {
  const root = ctx.roots.backend;
  if (
    !record(ctx.dirExists(root), {
      check: 'backend_exists',
      severity: 'CRITICAL',
      gapType: 'MISSING_DIRECTORY',
      location: root,
      expected: `directory ${root}/`,
      actual: 'missing',
      message: 'Backend directory does not exist',
      fix: `Create ${root}/ with the API implementation`,
    })
  )
    return;
  const src = `${root}/src`;
  if (
    record(ctx.dirExists(src), {
      check: 'backend_src_exists',
      severity: 'CRITICAL',
      gapType: 'MISSING_DIRECTORY',
      location: src,
      expected: `directory ${src}/`,
      actual: 'missing',
      message: 'Backend src/ directory does not exist',
      fix: `Create ${src}/ with application code`,
    })
  ) {
    const t = ctx.thresholds;
    const found = t.backendDirs.filter((d) => ctx.dirExists(`${src}/${d}`));
    const missingDirs = t.backendDirs.filter((d) => !found.includes(d));
    record(found.length >= t.minBackendDirs, {
      check: 'backend_structure',
      severity: 'CRITICAL',
      gapType: 'INCOMPLETE_IMPLEMENTATION',
      location: src,
      expected: `at least ${t.minBackendDirs} of ${t.backendDirs.join(', ')}`,
      actual: `found ${list(found)}`,
      message: `Backend structure: ${found.length}/${t.backendDirs.length} layer directories`,
      fix: `Create ${list(missingDirs)} under ${src}/`,
    });
    const sources = ctx.sourceFilesUnder(src);
    record(sources.length >= t.minBackendSourceFiles, {
      check: 'backend_code_volume',
      severity: 'CRITICAL',
      gapType: 'INSUFFICIENT_FILES',
      location: src,
      expected: `at least ${t.minBackendSourceFiles} TS/JS source files`,
      actual: `${sources.length}`,
      message: `Backend code files: ${sources.length} (minimum: ${t.minBackendSourceFiles})`,
      fix: 'Implement the routes, services, models and middleware the design describes',
    });
    const routes = sources.filter((f) => f.startsWith(`${src}/routes/`) || /\.(routes?|router)\.[cm]?[jt]s$/.test(f));
    record(routes.length >= t.minBackendRouteFiles, {
      check: 'backend_route_files',
      severity: 'HIGH',
      gapType: 'INSUFFICIENT_FILES',
      location: `${src}/routes`,
      expected: `at least ${t.minBackendRouteFiles} route module(s)`,
      actual: `${routes.length}`,
      message: `Backend route modules: ${routes.length}`,
      fix: 'Add route modules for the API endpoints',
    });
    const models = sources.filter(
      (f) => f.startsWith(`${src}/models/`) || /\.(model|entity|schema)\.[cm]?[jt]s$/.test(f),
    );
    record(models.length >= t.minBackendModelFiles, {
      check: 'backend_model_files',
      severity: 'HIGH',
      gapType: 'INSUFFICIENT_FILES',
      location: `${src}/models`,
      expected: `at least ${t.minBackendModelFiles} model module(s)`,
      actual: `${models.length}`,
      message: `Backend model modules: ${models.length}`,
      fix: 'Add data models for the entities in the database design',
    });
    const entry = sources.find((f) => posix.dirname(f) === src && SERVER_ENTRY.test(posix.basename(f)));
    if (
      record(entry !== undefined, {
        check: 'backend_entry_exists',
        severity: 'CRITICAL',
        gapType: 'MISSING_FILE',
        location: src,
        expected: `${src}/server.ts (or app/index/main .ts/.js)`,
        actual: 'missing',
        message: 'Backend has no server entry file',
        fix: `Create ${src}/server.ts that mounts the routes`,
      }) &&
      entry !== undefined
    ) {
      const edges = ctx.graph.edgesByFile.get(entry) ?? [];
      const mountsRoutes = edges.some((e) => e.status === 'internal' && routes.includes(e.to));
      record(mountsRoutes, {
        check: 'backend_has_routes',
        severity: 'CRITICAL',
        gapType: 'INCOMPLETE_IMPLEMENTATION',
        location: entry,
        expected: 'the server entry imports at least one route module',
        actual: mountsRoutes ? 'routes imported' : `imports: ${list(edges.map((e) => e.specifier))}`,
        message: mountsRoutes
          ? 'Backend server imports route modules'
          : 'Backend server does not import any route module',
        fix: `Import and mount the route modules in ${entry}`,
        affectedFiles: [entry],
      });
    }
  }
  checkBrokenImports(ctx, record, 'backend', root);
  checkPackage(ctx, record, 'backend', root, 'start');
}

function checkFrontend(ctx: WorkflowContext, record: Record_): void {
  const root = ctx.roots.frontend;
  if (
    !record(ctx.dirExists(root), {
      check: 'frontend_exists',
      severity: 'CRITICAL',
      gapType: 'MISSING_DIRECTORY',
      location: root,
      expected: `directory ${root}/`,
      actual: 'missing',
      message: 'Frontend directory does not exist',
      fix: `Create ${root}/ with the UI application`,
    })
  )
    return;
  const src = `${root}/src`;
  if (
    record(ctx.dirExists(src), {
      check: 'frontend_src_exists',
      severity: 'CRITICAL',
      gapType: 'MISSING_DIRECTORY',
      location: src,
      expected: `directory ${src}/`,
      actual: 'missing',
      message: 'Frontend src/ directory does not exist',
      fix: `Create ${src}/ with application code`,
    })
  ) {
    const t = ctx.thresholds;
    const files = ctx.filesUnder(src).filter((f) => FRONTEND_EXT.test(f));
    record(files.length >= t.minFrontendSourceFiles, {
      check: 'frontend_code_volume',
      severity: 'CRITICAL',
      gapType: 'INSUFFICIENT_FILES',
      location: src,
      expected: `at least ${t.minFrontendSourceFiles} source files`,
      actual: `${files.length}`,
      message: `Frontend code files: ${files.length} (minimum: ${t.minFrontendSourceFiles})`,
      fix: 'Implement the pages and components the UI design describes',
    });
    const components = files.filter((f) => /\/components\//.test(f) && /\.(tsx|jsx|vue)$/.test(f));
    record(components.length >= t.minFrontendComponents, {
      check: 'frontend_components',
      severity: 'HIGH',
      gapType: 'INSUFFICIENT_FILES',
      location: `${src}/components`,
      expected: `at least ${t.minFrontendComponents} components (.tsx/.jsx/.vue under components/)`,
      actual: `${components.length}`,
      message: `Frontend components: ${components.length}`,
      fix: 'Add the UI components the design lists',
    });
    const app = files.find((f) => FRONTEND_APP.test(posix.basename(f)));
    record(app !== undefined, {
      check: 'frontend_has_app_file',
      severity: 'CRITICAL',
      gapType: 'MISSING_FILE',
      location: src,
      expected: 'App.tsx / main.tsx / index.tsx (or .jsx/.vue)',
      actual: 'missing',
      message: 'Frontend has no main application file',
      fix: `Create ${src}/App.tsx`,
    });
  }
  checkBrokenImports(ctx, record, 'frontend', root);
  checkPackage(ctx, record, 'frontend', root, 'build');
}

function checkEnvironment(ctx: WorkflowContext, record: Record_): void {
  const impl = ctx.roots.implementation;
  const candidates = [`${impl}/.env.example`, `${ctx.roots.backend}/.env.example`];
  const path = candidates.find((p) => ctx.files.includes(p));
  if (
    !record(path !== undefined, {
      check: 'environment_example_exists',
      severity: 'LOW',
      gapType: 'MISSING_FILE',
      location: impl,
      expected: `${candidates.join(' or ')}`,
      actual: 'missing',
      message: 'No .env.example documents the configuration',
      fix: `Create ${candidates[0]} listing ${ctx.thresholds.envVariables.join(', ')}`,
    }) ||
    path === undefined
  )
    return;
  const text = ctx.readText(path) ?? '';
  const found = ctx.thresholds.envVariables.filter((v) => text.includes(v));
  record(found.length >= ctx.thresholds.minEnvVariables, {
    check: 'environment_config',
    severity: 'MEDIUM',
    gapType: 'CONFIGURATION_ERROR',
    location: path,
    expected: `at least ${ctx.thresholds.minEnvVariables} of ${ctx.thresholds.envVariables.join(', ')}`,
    actual: `found ${list(found)}`,
    message: `Environment configuration: ${found.length}/${ctx.thresholds.envVariables.length} key variables`,
    fix: `Document ${ctx.thresholds.envVariables.filter((v) => !found.includes(v)).join(', ')} in ${path}`,
    affectedFiles: [path],
  });
}

export function checkImplementation(ctx: WorkflowContext): CheckResult[] {
  const { results, record } = checkRecorder('implementation');
  const root = ctx.roots.implementation;
  if (
    !record(ctx.dirExists(root), {
      check: 'implementation_dir_exists',
      severity: 'CRITICAL',
      gapType: 'MISSING_DIRECTORY',
      location: root,
      expected: `directory ${root}/`,
      actual: 'missing',
      message: 'Implementation directory does not exist',
      fix: `Create ${root}/ with backend and frontend code`,
    })
  )
    return results;
  checkBackend(ctx, record);
  checkFrontend(ctx, record);
  checkEnvironment(ctx, record);
  return results;
}
