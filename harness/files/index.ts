/**
 * Data files of the QA pipeline: the error every stage's file problems derive from, and schema-checked readers
 * for JSON and JSONL files whose errors name file and line in one short line.
 *
 * @example
 * ```ts
 * import { parseJsonLines, readTextIfExists } from './harness/files/index.js';
 * const text = (await readTextIfExists('reports/history/runs.jsonl')) ?? '';
 * const runs = parseJsonLines('reports/history/runs.jsonl', text, runRecordSchema, 'run record');
 * ```
 */
export { DataFileError } from './data-file-error.js';
export { CorruptDataFileError, parseJsonDocument, parseJsonLines, readTextIfExists } from './read-data-file.js';
export type { DataFileCode, JsonLine } from './read-data-file.js';
