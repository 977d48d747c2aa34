// A token lexer that understands only as much JavaScript/TypeScript as finding module references needs:
// comments, string/template literals (with nested `${}`), regular expression literals, identifiers and
// punctuation. import-lexer.ts adds `seek`, which skips to the next keyword without tokenizing what lies between.

export const KIND_EOF = 0;
export const KIND_IDENT = 1;
export const KIND_STRING = 2;
export const KIND_PUNCT = 3;
export const KIND_OTHER = 4;

const CH_LF = 10;
const CH_CR = 13;
export const CH_SLASH = 47;
export const CH_STAR = 42;
const CH_BACKSLASH = 92;
export const CH_BACKTICK = 96;
export const CH_DOLLAR = 36;
export const CH_LBRACE = 123;
export const CH_RBRACE = 125;
const CH_LBRACKET = 91;
export const CH_RBRACKET = 93;
export const CH_RPAREN = 41;
export const CH_DOT = 46;
export const CH_QUOTE = 39;
export const CH_DOUBLE_QUOTE = 34;
const CH_BOM = 0xfeff;

// After these keywords an expression starts, so `/` begins a regular expression rather than a division.
export const REGEX_AFTER_KEYWORD = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
]);

export const KEYWORD_FIRST_CHARS = new Set([...REGEX_AFTER_KEYWORD].map((w) => w.charCodeAt(0)));

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === CH_DOLLAR || c === CH_BACKSLASH || c > 127;
}

export function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isWhitespace(c: number): boolean {
  return (
    c === 32 ||
    c === 9 ||
    c === CH_LF ||
    c === CH_CR ||
    c === 11 ||
    c === 12 ||
    c === 0xa0 ||
    c === CH_BOM ||
    c === 0x2028 ||
    c === 0x2029
  );
}

export function isAsciiWhitespace(c: number): boolean {
  return c === 32 || c === 9 || c === CH_LF || c === CH_CR || c === 11 || c === 12;
}

/** Lexes one token per `next()`; the grammar in import-scanner.ts reads `kind`, `value`, `start` and `end`. */
export class TokenLexer {
  protected readonly text: string;
  protected readonly length: number;
  protected pos = 0;
  protected braceDepth = 0;
  /** Brace depth at each open `${`, so the matching `}` resumes the template instead of closing a block. */
  protected readonly templateStack: number[] = [];
  protected regexAllowed = true;
  protected replay = false;

  kind = KIND_EOF;
  /** String literal contents or the punctuation character; empty for identifiers (see `is`). */
  value = '';
  start = 0;
  end = 0;
  afterDot = false;

  /** True when the current token is the punctuation character `ch`. */
  isPunct(ch: string): boolean {
    return this.kind === KIND_PUNCT && this.value === ch;
  }

  /** True when the current token is the identifier `word`. */
  is(word: string): boolean {
    return this.kind === KIND_IDENT && this.end - this.start === word.length && this.text.startsWith(word, this.start);
  }

  constructor(text: string) {
    this.text = text;
    this.length = text.length;
    if (text.charCodeAt(0) === 35 && text.charCodeAt(1) === 33)
      this.skipLine(); // #! shebang
    else if (text.charCodeAt(0) === CH_BOM) this.pos = 1;
  }

  /** Re-emit the current token on the next call (one token of lookahead is all the grammar needs). */
  pushBack(): void {
    this.replay = true;
  }

  /** True while a pushed-back token waits to be re-emitted. */
  get pending(): boolean {
    return this.replay;
  }

  next(): number {
    if (this.replay) {
      this.replay = false;
      return this.kind;
    }
    this.afterDot = this.kind === KIND_PUNCT && this.value === '.';
    const text = this.text;
    for (;;) {
      if (this.pos >= this.length) return this.set(KIND_EOF, '', this.pos);
      const c = text.charCodeAt(this.pos);
      if (isWhitespace(c)) {
        this.pos++;
        continue;
      }
      if (c === CH_SLASH) {
        const n = text.charCodeAt(this.pos + 1);
        if (n === CH_SLASH) {
          this.skipLine();
          continue;
        }
        if (n === CH_STAR) {
          const end = text.indexOf('*/', this.pos + 2);
          this.pos = end < 0 ? this.length : end + 2;
          continue;
        }
        if (this.regexAllowed) return this.scanRegex();
        this.pos++;
        this.regexAllowed = true;
        return this.set(KIND_PUNCT, '/', this.pos - 1);
      }
      break;
    }
    const start = this.pos;
    const c = text.charCodeAt(start);
    if (isIdentStart(c)) {
      let p = start + 1;
      while (p < this.length && isIdentPart(text.charCodeAt(p))) p++;
      this.pos = p;
      this.end = p;
      // Most identifiers are neither import syntax nor regex-introducing keywords: avoid allocating them.
      const len = p - start;
      this.regexAllowed =
        len >= 2 &&
        len <= 10 &&
        KEYWORD_FIRST_CHARS.has(c) &&
        !this.afterDot &&
        REGEX_AFTER_KEYWORD.has(text.slice(start, p));
      return this.set(KIND_IDENT, '', start);
    }
    if (isDigit(c)) {
      let p = start + 1;
      while (p < this.length && (isIdentPart(text.charCodeAt(p)) || text.charCodeAt(p) === CH_DOT)) p++;
      this.pos = p;
      this.regexAllowed = false;
      return this.set(KIND_OTHER, '', start);
    }
    if (c === CH_QUOTE || c === CH_DOUBLE_QUOTE) return this.scanString(c);
    if (c === CH_BACKTICK) {
      this.pos++;
      return this.scanTemplate(start, true);
    }
    this.pos++;
    if (c === CH_LBRACE) {
      this.braceDepth++;
      this.regexAllowed = true;
      return this.set(KIND_PUNCT, '{', start);
    }
    if (c === CH_RBRACE) {
      const top = this.templateStack[this.templateStack.length - 1];
      if (top !== undefined && top === this.braceDepth - 1) {
        this.templateStack.pop();
        this.braceDepth--;
        return this.scanTemplate(start, false);
      }
      if (this.braceDepth > 0) this.braceDepth--;
      this.regexAllowed = false;
      return this.set(KIND_PUNCT, '}', start);
    }
    this.regexAllowed = !(c === CH_RPAREN || c === CH_RBRACKET);
    return this.set(KIND_PUNCT, text[start] ?? '', start);
  }

  protected set(kind: number, value: string, start: number): number {
    this.kind = kind;
    this.value = value;
    this.start = start;
    return kind;
  }

  private skipLine(): void {
    const text = this.text;
    let p = this.pos;
    while (p < this.length) {
      const c = text.charCodeAt(p);
      if (c === CH_LF || c === CH_CR || c === 0x2028 || c === 0x2029) break;
      p++;
    }
    this.pos = p;
  }

  private scanString(quote: number): number {
    const text = this.text;
    const start = this.pos;
    let p = start + 1;
    let escaped = false;
    // An unterminated string ends at the line break, as in TypeScript's scanner: JSX text such as `don't`
    // then costs one line instead of swallowing the rest of the file.
    while (p < this.length) {
      const c = text.charCodeAt(p);
      if (c === quote) break;
      if (c === CH_LF || c === CH_CR) break;
      if (c === CH_BACKSLASH) {
        escaped = true;
        p += 2;
        continue;
      }
      p++;
    }
    const raw = text.slice(start + 1, Math.min(p, this.length));
    this.pos = p < this.length && text.charCodeAt(p) === quote ? p + 1 : p;
    this.regexAllowed = false;
    return this.set(KIND_STRING, escaped ? unescapeLiteral(raw) : raw, start);
  }

  /** Scans template text up to the closing backtick or the next `${`. */
  private scanTemplate(start: number, head: boolean): number {
    const text = this.text;
    let p = this.pos;
    let escaped = false;
    while (p < this.length) {
      const c = text.charCodeAt(p);
      if (c === CH_BACKTICK) {
        const raw = text.slice(this.pos, p);
        this.pos = p + 1;
        this.regexAllowed = false;
        // Only a whole template without substitutions can be a module specifier (`import(\`./x\`)`).
        return head
          ? this.set(KIND_STRING, escaped ? unescapeLiteral(raw) : raw, start)
          : this.set(KIND_OTHER, '', start);
      }
      if (c === CH_DOLLAR && text.charCodeAt(p + 1) === CH_LBRACE) {
        this.pos = p + 2;
        this.templateStack.push(this.braceDepth);
        this.braceDepth++;
        this.regexAllowed = true;
        return this.set(KIND_OTHER, '', start);
      }
      if (c === CH_BACKSLASH) {
        escaped = true;
        p += 2;
        continue;
      }
      p++;
    }
    this.pos = this.length;
    return this.set(KIND_OTHER, '', start);
  }

  private scanRegex(): number {
    const text = this.text;
    const start = this.pos;
    let p = start + 1;
    let inClass = false;
    while (p < this.length) {
      const c = text.charCodeAt(p);
      if (c === CH_BACKSLASH) {
        p += 2;
        continue;
      }
      if (c === CH_LF || c === CH_CR) break;
      if (inClass) {
        if (c === CH_RBRACKET) inClass = false;
      } else if (c === CH_LBRACKET) {
        inClass = true;
      } else if (c === CH_SLASH) {
        p++;
        while (p < this.length && isIdentPart(text.charCodeAt(p))) p++;
        break;
      }
      p++;
    }
    this.pos = Math.min(p, this.length);
    this.regexAllowed = false;
    return this.set(KIND_OTHER, '', start);
  }
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', 0: '\0' };

function unescapeLiteral(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i] ?? '';
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const n = raw[i + 1] ?? '';
    i++;
    if (n === 'u' && raw[i + 1] === '{') {
      const close = raw.indexOf('}', i);
      const code = Number.parseInt(raw.slice(i + 2, close), 16);
      if (close > 0 && Number.isFinite(code)) {
        out += String.fromCodePoint(code);
        i = close;
        continue;
      }
    } else if (n === 'u' || n === 'x') {
      const width = n === 'u' ? 4 : 2;
      const code = Number.parseInt(raw.slice(i + 1, i + 1 + width), 16);
      if (Number.isFinite(code)) {
        out += String.fromCharCode(code);
        i += width;
        continue;
      }
    } else if (n === '\n' || n === '\r') {
      continue; // line continuation
    }
    out += SIMPLE_ESCAPES[n] ?? n;
  }
  return out;
}
