import { readFile } from 'node:fs/promises';
import { Ajv, type ErrorObject } from 'ajv';
import { LineCounter, isMap, isScalar, parseDocument, type Document } from 'yaml';
import { QuarantineFileError, type QuarantineProblem } from './errors.js';
import type { QuarantineEntry, QuarantineFile } from './quarantine-entry.js';
import { QUARANTINE_FILE_SCHEMA } from './quarantine-schema.js';

const validate = new Ajv({ allErrors: true, strict: true }).compile(QUARANTINE_FILE_SCHEMA);

type PathSegment = string | number;

/** `tests[2].expires` from `['tests', 2, 'expires']`. */
function fieldOf(path: readonly PathSegment[]): string {
  return (
    path.reduce<string>((out, s) => (typeof s === 'number' ? `${out}[${s}]` : out === '' ? s : `${out}.${s}`), '') ||
    '(root)'
  );
}

/** Line and column (1-based) of the node at `path`, or of the key `key` inside it. */
function positionOf(
  doc: Document,
  lines: LineCounter,
  path: readonly PathSegment[],
  key?: string,
): { line: number; column: number } {
  const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
  let offset = 0;
  if (node !== null && typeof node === 'object' && 'range' in node && Array.isArray(node.range))
    offset = Number(node.range[0]);
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (pair !== undefined && isScalar(pair.key) && pair.key.range !== undefined && pair.key.range !== null)
      offset = pair.key.range[0];
  }
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

function schemaProblems(errors: readonly ErrorObject[], doc: Document, lines: LineCounter): QuarantineProblem[] {
  return errors.map((e) => {
    const path: PathSegment[] =
      e.instancePath === ''
        ? []
        : e.instancePath
            .slice(1)
            .split('/')
            .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    if (e.keyword === 'additionalProperties') {
      const extra = String((e.params as { additionalProperty: string }).additionalProperty);
      return {
        ...positionOf(doc, lines, path, extra),
        field: fieldOf([...path, extra]),
        message: 'unknown field (allowed: test, reason, added, expires, evidence)',
      };
    }
    if (e.keyword === 'required') {
      const missing = String((e.params as { missingProperty: string }).missingProperty);
      return { ...positionOf(doc, lines, path), field: fieldOf([...path, missing]), message: 'is required' };
    }
    const message =
      e.keyword === 'pattern'
        ? 'must be a date written YYYY-MM-DD'
        : e.keyword === 'const'
          ? 'must be 1'
          : e.keyword === 'minLength'
            ? 'must not be empty'
            : (e.message ?? 'is invalid');
    return { ...positionOf(doc, lines, path), field: fieldOf(path), message };
  });
}

/** Whether `YYYY-MM-DD` names a real calendar day (2026-02-30 does not). */
export function isCalendarDay(day: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (match === null) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === day;
}

interface RawEntry {
  test: string;
  reason: string;
  added: string;
  expires: string;
  evidence?: string;
}

/** The entries' fields as far as they are there: the checks below run even when the schema check failed elsewhere. */
function looseEntries(data: unknown): Partial<Record<keyof RawEntry, unknown>>[] {
  const tests = typeof data === 'object' && data !== null ? (data as { tests?: unknown }).tests : undefined;
  return Array.isArray(tests)
    ? tests.map((t: unknown) => (typeof t === 'object' && t !== null ? (t as Record<string, unknown>) : {}))
    : [];
}

/**
 * Checks the schema cannot express: real days, `expires` not before `added`, one entry per test. Fields that are
 * missing or not strings are the schema's problems and are skipped here.
 */
function semanticProblems(
  raw: readonly Partial<Record<keyof RawEntry, unknown>>[],
  doc: Document,
  lines: LineCounter,
): QuarantineProblem[] {
  const problems: QuarantineProblem[] = [];
  const firstLineOf = new Map<string, number>();
  raw.forEach((entry, i) => {
    for (const field of ['added', 'expires'] as const) {
      const day = entry[field];
      if (typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day) && !isCalendarDay(day)) {
        problems.push({
          ...positionOf(doc, lines, ['tests', i, field]),
          field: fieldOf(['tests', i, field]),
          message: `"${day}" is not a calendar day`,
        });
      }
    }
    const { added, expires, test } = entry;
    if (
      typeof added === 'string' &&
      typeof expires === 'string' &&
      isCalendarDay(added) &&
      isCalendarDay(expires) &&
      expires < added
    ) {
      problems.push({
        ...positionOf(doc, lines, ['tests', i, 'expires']),
        field: fieldOf(['tests', i, 'expires']),
        message: `${expires} is before added (${added})`,
      });
    }
    if (typeof test !== 'string' || test === '') return;
    const earlier = firstLineOf.get(test);
    if (earlier !== undefined) {
      problems.push({
        ...positionOf(doc, lines, ['tests', i, 'test']),
        field: fieldOf(['tests', i, 'test']),
        message: `"${test}" is already quarantined at line ${earlier}`,
      });
    } else {
      firstLineOf.set(test, positionOf(doc, lines, ['tests', i]).line);
    }
  });
  return problems;
}

/**
 * Parses and validates the quarantine file's text (YAML). Every problem is collected, with its line, column and field,
 * before one {@link QuarantineFileError} is thrown. An empty text is an empty quarantine.
 *
 * @example
 * ```ts
 * parseQuarantine('version: 1\ntests:\n  - { test: E2E-112, reason: flaky under load, added: 2026-11-24, expires: 2026-12-08 }\n', 'quarantine.yaml');
 * ```
 */
export function parseQuarantine(text: string, path: string): QuarantineFile {
  if (text.trim() === '') return { path, entries: [] };
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new QuarantineFileError(
      'E_QUARANTINE_INVALID',
      path,
      doc.errors.map((e) => {
        const { line, col } = lines.linePos(e.pos[0]);
        return { line, column: col, field: '(yaml)', message: e.message.split('\n')[0] ?? e.message };
      }),
    );
  }
  const data: unknown = doc.toJS();
  const problems = [
    ...(validate(data) ? [] : schemaProblems(validate.errors ?? [], doc, lines)),
    ...semanticProblems(looseEntries(data), doc, lines),
  ];
  if (problems.length > 0) throw new QuarantineFileError('E_QUARANTINE_INVALID', path, sortProblems(problems));
  const raw = (data as { tests: RawEntry[] }).tests;
  const entries: QuarantineEntry[] = raw.map((entry, i) => ({
    test: entry.test,
    reason: entry.reason,
    added: entry.added,
    expires: entry.expires,
    ...(entry.evidence !== undefined ? { evidence: entry.evidence } : {}),
    line: positionOf(doc, lines, ['tests', i]).line,
  }));
  return { path, entries };
}

function sortProblems(problems: QuarantineProblem[]): QuarantineProblem[] {
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Reads and parses the quarantine file; a missing file is an empty quarantine (nothing is quarantined). */
export async function loadQuarantine(path: string): Promise<QuarantineFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path, entries: [] };
    throw new QuarantineFileError(
      'E_QUARANTINE_UNREADABLE',
      path,
      [{ line: 0, column: 0, field: '(file)', message: `cannot be read: ${(error as Error).message}` }],
      { cause: error },
    );
  }
  return parseQuarantine(text, path);
}
