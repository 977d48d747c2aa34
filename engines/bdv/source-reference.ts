import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where a step definition, hook or parameter type was registered: a file relative to the working directory, and a line. */
export interface SourceReference {
  readonly uri?: string;
  readonly location?: { readonly line: number };
}

const ENGINE_DIR = `${path.dirname(fileURLToPath(import.meta.url))}${path.sep}`;
// `at fn (file:///a/b.ts:12:3)`, `at /a/b.ts:12:3`, `at file:///a/b.ts?x=1:12:3`
const FRAME = /(?:\(|at )((?:file:\/\/)?\/[^()]*?):(\d+):\d+\)?$/;

/**
 * The first stack frame outside this engine's own source (tests excepted): the user's line that called
 * `Given(...)`, `Before(...)` or `defineParameterType(...)`. Registration happens a few dozen times per run, so
 * the cost of a stack trace is nothing next to the value of a link from a report to the definition.
 */
export function callerReference(cwd: string = process.cwd()): SourceReference {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 30;
  Error.captureStackTrace(holder, callerReference);
  Error.stackTraceLimit = limit;
  for (const line of (holder.stack ?? '').split('\n').slice(1)) {
    const match = FRAME.exec(line.trim());
    if (match === null) continue;
    const [, where = '', lineText = '0'] = match;
    const file = where.startsWith('file:') ? fileURLToPath(where.replace(/[?#].*$/, '')) : where;
    if (file.startsWith(ENGINE_DIR) && !file.endsWith('.test.ts')) continue;
    if (file.includes(`${path.sep}node_modules${path.sep}@cucumber${path.sep}cucumber-expressions${path.sep}`))
      continue;
    const relative = path.relative(cwd, file);
    const uri = relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
    return { uri: uri.split(path.sep).join('/'), location: { line: Number(lineText) } };
  }
  return {};
}
