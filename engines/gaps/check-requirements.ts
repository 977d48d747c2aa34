import picomatch from 'picomatch';
import { posix } from 'node:path';
import { checkRecorder, list, type WorkflowContext } from './workflow-context.js';
import type { CheckResult } from './types.js';

const DOC_GLOBS = ['*.md', '*.txt', '*.rst', '*.adoc'];

/** Key documents that are missing: each entry is satisfied by any file name matching one of its globs. */
export function missingKeyDocs(names: readonly string[], keyDocs: readonly (readonly string[])[]): string[] {
  return keyDocs
    .filter((alternatives) => !names.some((n) => picomatch([...alternatives], { nocase: true })(n)))
    .map((alternatives) => alternatives.join(' | '));
}

export function checkRequirements(ctx: WorkflowContext): CheckResult[] {
  const { results, record } = checkRecorder('requirements');
  const root = ctx.roots.requirements;
  if (
    !record(ctx.dirExists(root), {
      check: 'requirements_dir_exists',
      severity: 'CRITICAL',
      gapType: 'MISSING_DIRECTORY',
      location: root,
      expected: `directory ${root}/`,
      actual: 'missing',
      message: 'Requirements directory does not exist',
      fix: `Create ${root}/ and add requirement documents`,
    })
  )
    return results;

  const docs = ctx.filesUnder(root, DOC_GLOBS);
  const min = ctx.thresholds.minRequirementDocs;
  record(docs.length >= min, {
    check: 'minimum_requirement_docs',
    severity: 'HIGH',
    gapType: 'INSUFFICIENT_FILES',
    location: root,
    expected: `at least ${min} requirement documents`,
    actual: `${docs.length} (${list(docs.map((d) => posix.basename(d)))})`,
    message: `Found ${docs.length} requirement documents (minimum: ${min})`,
    fix: `Add at least ${Math.max(0, min - docs.length)} more requirement documents`,
    affectedFiles: docs,
  });

  const missing = missingKeyDocs(
    docs.map((d) => posix.basename(d)),
    ctx.thresholds.keyRequirementDocs,
  );
  record(missing.length === 0, {
    check: 'key_requirement_documents',
    severity: 'HIGH',
    gapType: 'MISSING_FILE',
    location: root,
    expected: `one document for each of: ${ctx.thresholds.keyRequirementDocs.map((k) => k.join(' | ')).join('; ')}`,
    actual: missing.length === 0 ? 'all present' : `missing: ${missing.join('; ')}`,
    message: `Key requirement documents: ${ctx.thresholds.keyRequirementDocs.length - missing.length}/${ctx.thresholds.keyRequirementDocs.length} found`,
    fix: `Create documents matching: ${missing.join('; ')}`,
  });
  return results;
}
