import { checkRecorder, list, type WorkflowContext } from './workflow-context.js';
import type { CheckResult } from './types.js';

export function checkTesting(ctx: WorkflowContext): CheckResult[] {
  const { results, record } = checkRecorder('testing');
  const root = ctx.roots.testing;
  if (
    !record(ctx.dirExists(root), {
      check: 'testing_dir_exists',
      severity: 'CRITICAL',
      gapType: 'MISSING_DIRECTORY',
      location: root,
      expected: `directory ${root}/`,
      actual: 'missing',
      message: 'Testing directory does not exist',
      fix: `Create ${root}/ with test files`,
    })
  )
    return results;
  const tests = ctx.filesUnder(root, ['*.test.*', '*.spec.*']);
  const min = ctx.thresholds.minTestFiles;
  record(tests.length >= min, {
    check: 'test_files_exist',
    severity: 'HIGH',
    gapType: 'INSUFFICIENT_FILES',
    location: root,
    expected: `at least ${min} test files (*.test.*, *.spec.*)`,
    actual: `${tests.length}`,
    message: `Found ${tests.length} test files (minimum: ${min})`,
    fix: 'Add unit, integration and end-to-end tests',
    affectedFiles: tests,
  });
  // Unlike the original (which guessed from path fragments), an import is broken when the resolver finds no file.
  const broken = ctx.edgesUnder(root).filter((e) => e.status === 'unresolved');
  record(broken.length === 0, {
    check: 'test_imports_valid',
    severity: 'CRITICAL',
    gapType: 'BROKEN_IMPORT',
    location: root,
    expected: 'every test import resolves',
    actual:
      broken.length === 0
        ? 'all resolve'
        : list(
            broken.map((e) => `${e.from}:${e.line} '${e.specifier}'`),
            5,
          ),
    message: `Test import validation: ${broken.length} unresolved import(s)`,
    fix: 'Point the tests at existing implementation modules (or implement the missing ones)',
    affectedFiles: [...new Set(broken.map((e) => e.from))],
  });
  return results;
}
