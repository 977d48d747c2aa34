import { KIND_EOF, KIND_IDENT, KIND_STRING, Lexer } from './import-lexer.js';
import { matchStatement, type StatementMatch } from './import-statements.js';
import type { ImportKind, ImportReference } from '../types.js';

// A hand-written lexer (import-lexer.ts) that only understands as much JavaScript/TypeScript as finding module
// references needs. Measured against `ts.preProcessFile(text, true, true)` over ~6,000 files (43 MB) of this
// repository's node_modules: about 1.5x faster, the same specifiers in the same order (apart from AMD
// `define([...])` ids, which preProcessFile also reports), and it does not report `import('x')` written inside a
// regular expression literal, which preProcessFile does. Not loading the TypeScript compiler at all also saves
// ~1 s and ~60 MB per process. preProcessFile remains the reference oracle in the tests.

/**
 * Counts lines lazily: import positions arrive in increasing order, so the text is searched at most once, line
 * break by line break (`indexOf` rather than a character loop).
 */
class LineCounter {
  /** Line breaks before this offset are counted. */
  private pos = 0;
  private line = 1;
  constructor(private readonly text: string) {}

  lineAt(offset: number): number {
    const text = this.text;
    let p = this.pos;
    for (;;) {
      const lf = text.indexOf('\n', p);
      if (lf < 0 || lf >= offset) break;
      this.line++;
      p = lf + 1;
    }
    this.pos = Math.max(p, this.pos);
    return this.line;
  }
}

/**
 * A copy that does not point into `text`. V8 represents a slice of 13 or more characters as a view on its parent,
 * so one specifier kept in the graph would keep its whole source file alive: 12 MB of file texts at 5,000 files.
 * Concatenation makes a new (cons) string and slicing it flattens that into a small private buffer.
 */
function detachFromSource(value: string): string {
  return ` ${value}`.slice(1);
}

/**
 * The grammar over the lexer's tokens. Methods on a class rather than closures inside `scanImports`: tsx (esbuild
 * `keepNames`) wraps every named closure in a `__name` call that defines its `name` property, which per file
 * and per closure cost a fifth of the scan in a fresh process.
 */
class ImportGrammar {
  readonly found: ImportReference[] = [];
  private readonly lines: LineCounter;

  constructor(
    private readonly lx: Lexer,
    private readonly text: string,
    private readonly useStatements: boolean,
  ) {
    this.lines = new LineCounter(text);
  }

  run(): ImportReference[] {
    const lx = this.lx;
    const statement: StatementMatch = { end: 0, kind: undefined, typeOnly: false, open: 0, close: 0 };
    for (;;) {
      // `seek` skips to the next candidate keyword and the common statement shapes are matched whole; in a file
      // it cannot skip through, every token is visited.
      if (lx.canSeek && !lx.pending) {
        if (!lx.seek()) break;
        if (this.useStatements && matchStatement(this.text, lx.position, statement)) {
          if (statement.kind !== undefined) {
            this.found.push({
              specifier: detachFromSource(this.text.slice(statement.open + 1, statement.close)),
              kind: statement.kind,
              typeOnly: statement.typeOnly,
              line: this.lines.lineAt(statement.open),
            });
          }
          lx.skipTo(statement.end);
          continue;
        }
      }
      const k = lx.next();
      if (k === KIND_EOF) break;
      if (k !== KIND_IDENT || lx.afterDot) continue;
      if (lx.is('import')) this.handleImport();
      else if (lx.is('export')) this.handleExport();
      else if (lx.is('require')) this.handleRequire();
    }
    return this.found;
  }

  private record(kind: ImportKind, typeOnly: boolean): void {
    this.found.push({
      specifier: detachFromSource(this.lx.value),
      kind,
      typeOnly,
      line: this.lines.lineAt(this.lx.start),
    });
  }

  private skipBraces(): void {
    const lx = this.lx;
    for (;;) {
      const k = lx.next();
      if (k === KIND_EOF) return;
      if (lx.isPunct('}')) return;
      if (lx.isPunct(';') || lx.is('import') || lx.is('export')) {
        lx.pushBack();
        return;
      }
    }
  }

  private expectFromString(kind: ImportKind, typeOnly: boolean): void {
    const lx = this.lx;
    lx.next();
    if (lx.is('from')) {
      if (lx.next() === KIND_STRING) this.record(kind, typeOnly);
      else lx.pushBack();
    } else {
      lx.pushBack();
    }
  }

  private importEquals(): void {
    const lx = this.lx;
    lx.next();
    if (!lx.is('require')) return lx.pushBack();
    lx.next();
    if (!lx.isPunct('(')) return lx.pushBack();
    if (lx.next() === KIND_STRING) this.record('static', false);
    else lx.pushBack();
  }

  private handleImport(): void {
    const lx = this.lx;
    let k = lx.next();
    if (lx.isPunct('(')) {
      if (lx.next() === KIND_STRING) this.record('dynamic', false);
      else lx.pushBack();
      return;
    }
    if (lx.isPunct('.')) return; // import.meta
    if (k === KIND_STRING) return this.record('static', false);
    let typeOnly = false;
    if (lx.is('type')) {
      k = lx.next();
      if (lx.is('from')) {
        // `import type from './x'` binds a default import named `type`.
        if (lx.next() === KIND_STRING) this.record('static', false);
        else lx.pushBack();
        return;
      }
      typeOnly = !(lx.isPunct(',') || lx.isPunct('='));
    }
    for (let guard = 0; guard < 64; guard++) {
      if (k === KIND_IDENT) {
        if (lx.is('from')) {
          if (lx.next() === KIND_STRING) this.record('static', typeOnly);
          else lx.pushBack();
          return;
        }
        if (lx.is('import') || lx.is('export')) return lx.pushBack();
      } else if (lx.isPunct('{')) {
        this.skipBraces();
      } else if (lx.isPunct('=')) {
        return this.importEquals();
      } else if (!(lx.isPunct('*') || lx.isPunct(','))) {
        return lx.pushBack();
      }
      k = lx.next();
    }
  }

  private handleExport(): void {
    const lx = this.lx;
    lx.next();
    let typeOnly = false;
    if (lx.is('type')) {
      lx.next();
      if (!(lx.isPunct('{') || lx.isPunct('*'))) return lx.pushBack();
      typeOnly = true;
    }
    if (lx.isPunct('*')) {
      lx.next();
      if (lx.is('as')) {
        lx.next(); // the namespace name (identifier or string)
      } else {
        lx.pushBack();
      }
      return this.expectFromString('reexport', typeOnly);
    }
    if (lx.isPunct('{')) {
      this.skipBraces();
      return this.expectFromString('reexport', typeOnly);
    }
    lx.pushBack();
  }

  private handleRequire(): void {
    const lx = this.lx;
    lx.next();
    if (!lx.isPunct('(')) return lx.pushBack();
    if (lx.next() !== KIND_STRING) return lx.pushBack();
    const specifier = lx.value;
    const start = lx.start;
    lx.next();
    if (lx.isPunct(')')) {
      this.found.push({
        specifier: detachFromSource(specifier),
        kind: 'require',
        typeOnly: false,
        line: this.lines.lineAt(start),
      });
    } else {
      lx.pushBack();
    }
  }
}

/**
 * Finds every module reference in TS/JS source text: static `import`, `import type`, side-effect imports,
 * `export ... from`, `import x = require()`, dynamic `import()` with a literal argument and `require('x')`.
 * References inside comments, strings, templates and regular expressions are ignored.
 */
export function scanImports(text: string): ImportReference[] {
  return withReferences(text, new ImportGrammar(new Lexer(text), text, true).run());
}

/** scanImports without `seek`: every token is lexed. The reference the fast path is tested against. */
export function scanImportsTokenByToken(text: string): ImportReference[] {
  return withReferences(text, new ImportGrammar(new Lexer(text, { seek: false }), text, false).run());
}

/** The comments and whitespace before the first statement (after a byte order mark and a shebang). */
const LEADING_TRIVIA = /^\ufeff?(?:#![^\n]*)?(?:\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/;
const REFERENCE_PATH = /^\/\/\/[ \t]*<reference\s+path\s*=\s*(["'])([^"'\n]*)\1[^\n]*$/gm;

/**
 * `/// <reference path="..." />` directives, which TypeScript honours only in the comments before the first
 * statement, listed first (kind `reference`, as ts.preProcessFile's referencedFiles). `types=`/`lib=` name packages
 * and libraries, not files, and are left out.
 */
function withReferences(text: string, found: ImportReference[]): ImportReference[] {
  if (!text.includes('<reference')) return found;
  const head = LEADING_TRIVIA.exec(text)?.[0] ?? '';
  if (!head.includes('<reference')) return found;
  const refs: ImportReference[] = [];
  REFERENCE_PATH.lastIndex = 0;
  for (let m = REFERENCE_PATH.exec(head); m !== null; m = REFERENCE_PATH.exec(head)) {
    let line = 1;
    for (let i = text.indexOf('\n'); i >= 0 && i < m.index; i = text.indexOf('\n', i + 1)) line++;
    refs.push({ specifier: ` ${m[2] ?? ''}`.slice(1), kind: 'reference', typeOnly: true, line });
  }
  return refs.length === 0 ? found : [...refs, ...found];
}
