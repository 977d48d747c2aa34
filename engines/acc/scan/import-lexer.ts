// The lexer behind scanImports: the token lexer (token-lexer.ts) plus `seek`.
//
// Most of a file is neither import syntax nor anything that could hide it, so `seek` does not tokenize it: one
// regular expression finds the next quote, backtick, slash or `import`/`export`/`require` keyword and the text in
// between is skipped by V8's compiled regular expression engine instead of by a character loop in JavaScript.
// That matters most in a fresh process, where this file's loops still run in the interpreter: at 100 files a
// character loop was over half of the analysis. Only the tokens right after a keyword go through `next`. Whether
// a `/` starts a regular expression depends on the token before it; `seek` finds that token by looking back over
// whitespace and comments, down to the end of the last token it did lex (the anchor), and decides exactly as
// `next` would have.

import {
  CH_BACKTICK,
  CH_DOLLAR,
  CH_DOT,
  CH_DOUBLE_QUOTE,
  CH_LBRACE,
  CH_QUOTE,
  CH_RBRACE,
  CH_RBRACKET,
  CH_RPAREN,
  CH_SLASH,
  CH_STAR,
  KEYWORD_FIRST_CHARS,
  KIND_IDENT,
  KIND_OTHER,
  KIND_PUNCT,
  REGEX_AFTER_KEYWORD,
  TokenLexer,
  isAsciiWhitespace,
  isDigit,
  isIdentPart,
} from './token-lexer.js';

export { KIND_EOF, KIND_IDENT, KIND_STRING } from './token-lexer.js';

// isIdentPart as a character class (without the `u` flag, so astral characters are two units above 0x7f).
const IDENT_PART = '\\w$\\\\\\u0080-\\uffff';
// U+FEFF is whitespace to JavaScript, not part of an identifier: a byte order mark right before `import` on line 1
// must not hide it (seek only runs on files whose sole U+FEFF is the leading one, see UNUSUAL_WHITESPACE).
const KEYWORD_NEIGHBOUR = '\\w$\\\\\\u0080-\\ufefe\\uff00-\\uffff';
const KEYWORD = `(?<![${KEYWORD_NEIGHBOUR}])(?:import|export|require)(?![${KEYWORD_NEIGHBOUR}])`;
/** Where `seek` has to look next: anything that may open a comment, literal or regular expression, or a keyword. */
const NEXT_INTERESTING = new RegExp(`[/'"\`]|${KEYWORD}`, 'g');
/** The same inside a template substitution, where braces decide whether `}` resumes the template. */
const NEXT_INTERESTING_IN_TEMPLATE = new RegExp(`[/'"\`{}]|${KEYWORD}`, 'g');
// Bodies as `scanString`, `scanTemplate` and `scanRegex` walk them (a string ends at a line break).
const SINGLE_QUOTED_BODY = /(?:[^'\\\n\r]|\\[^])*/y;
const DOUBLE_QUOTED_BODY = /(?:[^"\\\n\r]|\\[^])*/y;
const TEMPLATE_BODY = /(?:[^`\\$]|\\[^]|\$(?!\{))*/y;
const REGEX_LITERAL = new RegExp(
  `/(?:\\\\[^]|\\[(?:\\\\[^]|[^\\]\\\\\\n\\r])*\\]?|[^\\\\\\n\\r[/])*(?:/[${IDENT_PART}]*)?`,
  'y',
);
const LINE_END = /[\n\r]/g;
/**
 * `seek`'s look-back treats only ASCII whitespace as whitespace; `next` also skips these between tokens while
 * counting them as identifier characters inside one. A file containing them (beyond a leading byte order mark)
 * is lexed token by token instead.
 */
const UNUSUAL_WHITESPACE = /[\u00a0\u2028\u2029]|[^]\ufeff/;

export class Lexer extends TokenLexer {
  /** Whether `seek` may skip text (see UNUSUAL_WHITESPACE). */
  readonly canSeek: boolean;
  /** `seek` knows the token ending here: everything after it up to `pos` is whitespace, comments or plain code. */
  private anchorPos = 0;
  private anchorRegexAllowed = true;
  /** The anchor token is the punctuation `.` (the grammar stopped after one, as in `import.meta`). */
  private anchorIsDot = false;
  /** The last comment `seek` skipped, extended back over comments separated from it only by whitespace. */
  private commentStart = -1;
  private commentEnd = -1;

  constructor(text: string, options: { seek?: boolean } = {}) {
    super(text);
    this.canSeek = (options.seek ?? true) && !UNUSUAL_WHITESPACE.test(text);
    this.anchorPos = this.pos;
  }

  /** Where `seek` stopped (the keyword's first character). */
  get position(): number {
    return this.pos;
  }

  /**
   * Continues after a statement matched without tokens (see import-statements.ts), which ends in a string, a `)`
   * or the keyword `export`: in each case `next` would not allow a regular expression after it.
   */
  skipTo(end: number): void {
    this.pos = end;
    this.kind = KIND_OTHER;
    this.value = '';
    this.regexAllowed = false;
    this.replay = false;
  }

  /**
   * Moves to the next `import`, `export` or `require` identifier that is not a member name (`x.require`), past
   * comments, literals and regular expressions, so that `next` returns it. False at the end of the text.
   */
  seek(): boolean {
    // What `next` lexed last (the keyword and the tokens the grammar took after it) is the new anchor.
    this.anchorPos = this.pos;
    this.anchorRegexAllowed = this.regexAllowed;
    this.anchorIsDot = this.kind === KIND_PUNCT && this.value === '.';
    const text = this.text;
    for (;;) {
      const finder = this.templateStack.length > 0 ? NEXT_INTERESTING_IN_TEMPLATE : NEXT_INTERESTING;
      finder.lastIndex = this.pos;
      // `test` rather than `exec`: no match array per hit. A hit is one character or a keyword (which ends in
      // `t` or `e`, never in one of those characters), so where it started follows from where it ended.
      if (!finder.test(text)) {
        this.pos = this.length;
        return false;
      }
      const hitEnd = finder.lastIndex;
      const last = text.charCodeAt(hitEnd - 1);
      const at = last === 116 ? hitEnd - 6 : last === 101 ? hitEnd - 7 : hitEnd - 1; // import/export, require
      const c = text.charCodeAt(at);
      if (c === CH_SLASH) {
        const n = text.charCodeAt(at + 1);
        if (n === CH_SLASH) {
          LINE_END.lastIndex = at + 2;
          this.skipComment(at, LINE_END.test(text) ? LINE_END.lastIndex - 1 : this.length);
        } else if (n === CH_STAR) {
          const close = text.indexOf('*/', at + 2);
          this.skipComment(at, close < 0 ? this.length : close + 2);
        } else if (this.regexAllowedBefore(at)) {
          REGEX_LITERAL.lastIndex = at;
          REGEX_LITERAL.test(text);
          this.anchorAt(REGEX_LITERAL.lastIndex, false);
        } else {
          this.pos = at + 1;
        }
      } else if (c === CH_QUOTE || c === CH_DOUBLE_QUOTE) {
        const body = c === CH_QUOTE ? SINGLE_QUOTED_BODY : DOUBLE_QUOTED_BODY;
        body.lastIndex = at + 1;
        body.test(text);
        const end = body.lastIndex;
        this.anchorAt(end < this.length && text.charCodeAt(end) === c ? end + 1 : end, false);
      } else if (c === CH_BACKTICK) {
        this.skipTemplate(at + 1);
      } else if (c === CH_LBRACE) {
        this.braceDepth++;
        this.pos = at + 1;
      } else if (c === CH_RBRACE) {
        this.pos = at + 1;
        if (this.templateStack[this.templateStack.length - 1] === this.braceDepth - 1) {
          this.templateStack.pop();
          this.braceDepth--;
          this.skipTemplate(at + 1);
        } else if (this.braceDepth > 0) {
          this.braceDepth--;
        }
      } else if ((at > this.anchorPos && text.charCodeAt(at - 1) === CH_DOT) || this.dotBefore(at)) {
        // A member name (`x.require`, `...require`), or part of a number that swallows it (`2.import`).
        this.pos = hitEnd;
      } else {
        this.pos = at;
        this.kind = KIND_OTHER;
        return true;
      }
    }
  }

  private anchorAt(pos: number, regexAllowed: boolean): void {
    this.pos = pos;
    this.anchorPos = pos;
    this.anchorRegexAllowed = regexAllowed;
    this.anchorIsDot = false;
  }

  private skipComment(start: number, end: number): void {
    let p = start - 1;
    while (p >= this.anchorPos && isAsciiWhitespace(this.text.charCodeAt(p))) p--;
    // (A line comment's trailing spaces are inside it, so whitespace skipping can land anywhere in its end.)
    if (p < this.anchorPos || p >= this.commentEnd || p < this.commentStart) this.commentStart = start;
    this.commentEnd = end;
    this.pos = end;
  }

  /** Template text from `from` (just after a backtick or a substitution's `}`), as `scanTemplate` reads it. */
  private skipTemplate(from: number): void {
    TEMPLATE_BODY.lastIndex = from;
    TEMPLATE_BODY.test(this.text);
    const p = TEMPLATE_BODY.lastIndex;
    const c = this.text.charCodeAt(p);
    if (c === CH_BACKTICK) {
      this.anchorAt(p + 1, false);
    } else if (c === CH_DOLLAR) {
      this.templateStack.push(this.braceDepth);
      this.braceDepth++;
      this.anchorAt(p + 2, true);
    } else {
      this.anchorAt(this.length, false); // unterminated
    }
  }

  /** Index of the last character before `pos` that is not whitespace or in a comment; below the anchor if none. */
  private significantBefore(pos: number): number {
    const text = this.text;
    let p = pos - 1;
    for (;;) {
      while (p >= this.anchorPos && isAsciiWhitespace(text.charCodeAt(p))) p--;
      if (p < this.anchorPos || p >= this.commentEnd || p < this.commentStart || this.commentStart < this.anchorPos)
        return p;
      p = this.commentStart - 1;
    }
  }

  private dotBefore(pos: number): boolean {
    const p = this.significantBefore(pos);
    if (p < this.anchorPos) return this.anchorIsDot;
    return this.text.charCodeAt(p) === CH_DOT && this.tokenEndingAt(p) === CH_DOT;
  }

  /**
   * What `next` would have lexed as the token ending at `p` (an identifier character or a dot): a number
   * (`KIND_OTHER`; a number swallows letters and dots, as in `1.5e3` or `2a.`), an identifier, or a `.`.
   * Lexes forward from the start of the run of identifier characters and dots that `p` ends.
   */
  private tokenEndingAt(p: number): number {
    const text = this.text;
    let q = p;
    while (q > this.anchorPos && (isIdentPart(text.charCodeAt(q - 1)) || text.charCodeAt(q - 1) === CH_DOT)) q--;
    for (;;) {
      const c = text.charCodeAt(q);
      if (isDigit(c)) return KIND_OTHER;
      if (c === CH_DOT) {
        if (q === p) return CH_DOT;
        q++;
        continue;
      }
      q++;
      while (q <= p && isIdentPart(text.charCodeAt(q))) q++;
      if (q > p) return KIND_IDENT;
    }
  }

  /** The `regexAllowed` that `next` would have had on reaching the `/` at `pos`. */
  private regexAllowedBefore(pos: number): boolean {
    const text = this.text;
    const p = this.significantBefore(pos);
    if (p < this.anchorPos) return this.anchorRegexAllowed;
    const c = text.charCodeAt(p);
    if (c === CH_RPAREN || c === CH_RBRACKET || c === CH_RBRACE) return false;
    if (!isIdentPart(c) && c !== CH_DOT) return true;
    const token = this.tokenEndingAt(p);
    if (token !== KIND_IDENT) return token === CH_DOT;
    let s = p;
    while (s > this.anchorPos && isIdentPart(text.charCodeAt(s - 1))) s--;
    const len = p + 1 - s;
    return (
      len >= 2 &&
      len <= 10 &&
      KEYWORD_FIRST_CHARS.has(text.charCodeAt(s)) &&
      REGEX_AFTER_KEYWORD.has(text.slice(s, p + 1)) &&
      !this.dotBefore(s)
    );
  }
}
