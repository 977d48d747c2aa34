import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { DataFileError } from './data-file-error.js';

export type DataFileCode = 'E_DATA_FILE_CORRUPT' | 'E_DATA_FILE_UNREADABLE';

/**
 * A data file that does not parse or does not match its schema. The message is one short line naming the file,
 * the line (for JSONL) and what is wrong; it never quotes the offending content (a truncated history line is
 * ~30 KB), so a terminal or CI log stays readable.
 */
export class CorruptDataFileError extends DataFileError<DataFileCode> {
  override readonly name = 'CorruptDataFileError';
  /** 1-based line of a JSONL file, when the problem is on one line. */
  readonly line: number | undefined;
  /** What is wrong, without the location (e.g. "is not valid JSON (truncated?)"). */
  readonly problem: string;

  /** `what` names the kind of file ("run history", "Allure history"), `problem` what is wrong with it. */
  constructor(
    code: DataFileCode,
    path: string,
    line: number | undefined,
    what: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(code, path, `${what} ${path}${line === undefined ? '' : `:${line}`} ${problem}`, options);
    this.line = line;
    this.problem = problem;
  }
}

/** Longest detail we print from a parser or schema message. */
const MAX_DETAIL = 120;

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= MAX_DETAIL ? oneLine : `${oneLine.slice(0, MAX_DETAIL - 1)}…`;
}

/** The first schema issue as `at <path>: <message>`: zod's messages name the expected type, never the value. */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'does not match its schema';
  const at = issue.path.length === 0 ? '' : `at ${issue.path.map(String).join('.')}: `;
  return clip(`${at}${issue.message}`);
}

/** The file's text, or undefined when it does not exist; any other read error names the file. */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CorruptDataFileError(
      'E_DATA_FILE_UNREADABLE',
      path,
      undefined,
      'data file',
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      { cause: error },
    );
  }
}

/** Parses one JSON document and checks it against `schema`; `what` names the kind of file in the message ("run manifest"). */
export function parseJsonDocument<S extends z.ZodType>(
  path: string,
  text: string,
  schema: S,
  what: string,
): z.output<S> {
  return parseJsonValue(path, undefined, text, schema, what);
}

/** JSON.parse and the schema check of one document or JSONL line; a failure names file (and line), never the text. */
function parseJsonValue<S extends z.ZodType>(
  path: string,
  line: number | undefined,
  text: string,
  schema: S,
  what: string,
): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new CorruptDataFileError('E_DATA_FILE_CORRUPT', path, line, what, 'is not valid JSON (truncated?)', {
      cause,
    });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new CorruptDataFileError(
      'E_DATA_FILE_CORRUPT',
      path,
      line,
      what,
      `does not match its schema: ${describeIssue(parsed.error)}`,
    );
  return parsed.data;
}

/** One parsed JSONL line with its 1-based line number and its raw text (to rewrite the file without re-encoding). */
export interface JsonLine<T> {
  line: number;
  value: T;
  raw: string;
}

/**
 * Parses every non-blank line of a JSONL text against `schema`. The first bad line stops it with an error naming
 * file and line; nothing is skipped, so a caller that rewrites the file never drops a line it could not read.
 */
export function parseJsonLines<S extends z.ZodType>(
  path: string,
  text: string,
  schema: S,
  what: string,
): JsonLine<z.output<S>>[] {
  const out: JsonLine<z.output<S>>[] = [];
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    if (raw.trim() === '') continue;
    const line = index + 1;
    out.push({ line, value: parseJsonValue(path, line, raw, schema, what), raw });
  }
  return out;
}
