import { posix } from 'node:path';
import picomatch from 'picomatch';
import { missingKeyDocs } from './check-requirements.js';
import { checkRecorder, type WorkflowContext } from './workflow-context.js';
import type { CheckResult } from './types.js';

const HTTP_METHOD = /\b(GET|POST|PUT|PATCH|DELETE)\b/;
const ENDPOINT_WORD = /\b(endpoints?|routes?)\b|\/api\//i;

export function checkDesign(ctx: WorkflowContext): CheckResult[] {
  const { results, record } = checkRecorder('design');
  const root = ctx.roots.design;
  if (
    !record(ctx.dirExists(root), {
      check: 'design_dir_exists',
      severity: 'CRITICAL',
      gapType: 'MISSING_DIRECTORY',
      location: root,
      expected: `directory ${root}/`,
      actual: 'missing',
      message: 'Design directory does not exist',
      fix: `Create ${root}/ with architecture, database, API and UI design documents`,
    })
  )
    return results;

  const docs = ctx.filesUnder(root, ['*.md', '*.txt', '*.yaml', '*.yml', '*.json', '*.adoc']);
  const names = docs.map((d) => posix.basename(d));
  const keys = ctx.thresholds.keyDesignDocs;
  const missing = missingKeyDocs(names, keys);
  const found = keys.length - missing.length;
  record(found >= ctx.thresholds.minKeyDesignDocs, {
    check: 'key_design_documents',
    severity: 'CRITICAL',
    gapType: 'MISSING_FILE',
    location: root,
    expected: `at least ${ctx.thresholds.minKeyDesignDocs} of: ${keys.map((k) => k.join(' | ')).join('; ')}`,
    actual: `${found} found${missing.length > 0 ? `; missing: ${missing.join('; ')}` : ''}`,
    message: `Critical design documents: ${found}/${keys.length} found`,
    fix: `Create the missing design documents (${missing.join('; ')}) before implementation`,
  });

  const isApi = picomatch(['*api*'], { nocase: true });
  const apiDoc = docs.find((d) => isApi(posix.basename(d)));
  if (apiDoc !== undefined) {
    const text = ctx.readText(apiDoc) ?? '';
    const hasEndpoints = ENDPOINT_WORD.test(text);
    const hasMethods = HTTP_METHOD.test(text);
    record(hasEndpoints && hasMethods, {
      check: 'api_specification_completeness',
      severity: 'HIGH',
      gapType: 'INCOMPLETE_IMPLEMENTATION',
      location: apiDoc,
      expected: 'endpoints/routes described with HTTP methods (GET, POST, PUT, PATCH, DELETE)',
      actual: `${hasEndpoints ? 'endpoints described' : 'no endpoints/routes'}, ${hasMethods ? 'HTTP methods present' : 'no HTTP methods'}`,
      message:
        hasEndpoints && hasMethods ? 'API specification lists endpoints with methods' : 'API specification incomplete',
      fix: 'Describe every endpoint with its HTTP method, path, request and response',
      affectedFiles: [apiDoc],
    });
  }
  return results;
}
