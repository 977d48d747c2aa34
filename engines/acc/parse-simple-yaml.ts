/**
 * A fast path for the YAML that rules files are written in: block mappings and sequences, one-line flow
 * collections, plain, single- and double-quoted scalars, comments. It returns exactly what the `yaml` package's
 * `parseDocument(text).toJS()` returns (core schema), or `undefined` for anything outside that subset, so the
 * caller falls back to `yaml` (which also reports errors with their positions).
 *
 * Why: `yaml` is general and large; in a fresh process its first parse runs mostly uncompiled code and took
 * ~6 ms of a ~25 ms analysis of 100 files, for a 1 kB rules file. Anything this parser is not sure about
 * (tabs, CR, anchors, tags, block scalars, multi-line flows or plain scalars, escapes, floats, duplicate keys)
 * goes to `yaml`; the tests compare the two on generated documents.
 */
interface Line {
  indent: number;
  /** The line without its indentation. */
  content: string;
}

class NotSimple extends Error {
  override readonly name = 'NotSimple';
}

const KEY = /^([A-Za-z_][A-Za-z0-9_-]*):(?: +|$)/;
const FLOW_KEY = /[A-Za-z_][A-Za-z0-9_-]*/y;
const NULLS = new Set(['~', 'null', 'Null', 'NULL']);
const BOOLEANS = new Map([['true', true], ['True', true], ['TRUE', true], ['false', false], ['False', false], ['FALSE', false]]);
const DIGITS = /^[0-9]{1,15}$/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
// Characters that make a plain scalar mean something else (or start one this parser does not resolve:
// numbers other than integers, `.inf`, `~x`).
const SPECIAL_FIRST = new Set([...'-?:,[]{}#&*!|>\'"%@`+.~0123456789']);

function fail(): never {
  throw new NotSimple();
}

/** Core-schema resolution of a plain scalar, for the forms this parser accepts. */
function plainScalar(raw: string): unknown {
  if (raw === '') fail();
  if (NULLS.has(raw)) return null;
  const bool = BOOLEANS.get(raw);
  if (bool !== undefined) return bool;
  if (DIGITS.test(raw)) return Number(raw);
  if (DATE.test(raw)) return raw;
  if (SPECIAL_FIRST.has(raw[0] ?? '') || raw.includes(': ') || raw.endsWith(':') || raw.includes('#')) fail();
  return raw;
}

/** A value written on one line (after `key: ` or `- `). */
class InlineValue {
  private p = 0;
  constructor(private readonly s: string) {}

  static parse(s: string): unknown {
    const first = s[0];
    if (first !== '[' && first !== '{' && first !== '"' && first !== '\'') {
      const comment = s.indexOf(' #');
      return plainScalar((comment < 0 ? s : s.slice(0, comment)).trimEnd());
    }
    const reader = new InlineValue(s);
    const value = reader.value(false);
    reader.end();
    return value;
  }

  /** Only spaces or a comment may follow the value. */
  private end(): void {
    const rest = this.s.slice(this.p);
    const trimmed = rest.trimStart();
    if (trimmed !== '' && !(trimmed.startsWith('#') && trimmed.length < rest.length)) fail();
  }

  private spaces(): void {
    while (this.s[this.p] === ' ') this.p++;
  }

  private value(inFlow: boolean): unknown {
    this.spaces();
    const c = this.s[this.p];
    if (c === '[') return this.sequence();
    if (c === '{') return this.mapping();
    if (c === '"') return this.quoted('"');
    if (c === '\'') return this.quoted('\'');
    if (!inFlow) fail();
    const start = this.p;
    while (this.p < this.s.length && !',]}'.includes(this.s[this.p] ?? '')) this.p++;
    const raw = this.s.slice(start, this.p).trimEnd();
    if (/[:[{"']/.test(raw)) fail();
    return plainScalar(raw);
  }

  private quoted(quote: string): string {
    let out = '';
    let p = this.p + 1;
    for (;;) {
      const close = this.s.indexOf(quote, p);
      if (close < 0) fail();
      out += this.s.slice(p, close);
      if (quote === '\'' && this.s[close + 1] === '\'') {
        out += '\'';
        p = close + 2;
        continue;
      }
      this.p = close + 1;
      break;
    }
    if (quote === '"' && out.includes('\\')) fail();
    return out;
  }

  private sequence(): unknown[] {
    const items: unknown[] = [];
    this.p++;
    this.spaces();
    if (this.s[this.p] === ']') {
      this.p++;
      return items;
    }
    for (;;) {
      items.push(this.value(true));
      this.spaces();
      const c = this.s[this.p++];
      if (c === ']') return items;
      if (c !== ',') fail();
    }
  }

  private mapping(): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    this.p++;
    this.spaces();
    if (this.s[this.p] === '}') {
      this.p++;
      return map;
    }
    for (;;) {
      this.spaces();
      FLOW_KEY.lastIndex = this.p;
      if (!FLOW_KEY.test(this.s)) fail();
      const key = this.s.slice(this.p, FLOW_KEY.lastIndex);
      this.p = FLOW_KEY.lastIndex;
      if (this.s[this.p] !== ':' || this.s[this.p + 1] !== ' ' || Object.hasOwn(map, key) || key === '__proto__') fail();
      this.p++;
      map[key] = this.value(true);
      this.spaces();
      const c = this.s[this.p++];
      if (c === '}') return map;
      if (c !== ',') fail();
    }
  }
}

class BlockParser {
  private i = 0;

  constructor(private readonly lines: Line[]) {}

  document(): unknown {
    this.skipBlank();
    const first = this.lines[this.i];
    if (first === undefined || first.indent !== 0 || isSequenceItem(first.content)) fail();
    const value = this.mapping(0);
    this.skipBlank();
    if (this.i < this.lines.length) fail();
    return value;
  }

  private skipBlank(): void {
    for (;;) {
      const line = this.lines[this.i];
      if (line === undefined || (line.content !== '' && !line.content.startsWith('#'))) return;
      this.i++;
    }
  }

  private mapping(indent: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    for (;;) {
      this.skipBlank();
      const line = this.lines[this.i];
      if (line === undefined || line.indent < indent) return map;
      if (line.indent > indent) fail();
      if (isSequenceItem(line.content)) return map; // a sequence at the parent key's indent ends here
      const match = KEY.exec(line.content);
      const key = match?.[1];
      if (match === null || key === undefined || Object.hasOwn(map, key) || key === '__proto__') fail();
      const rest = line.content.slice(match[0].length);
      this.i++;
      map[key] = rest === '' || rest.startsWith('#') ? this.nested(indent) : InlineValue.parse(rest);
    }
  }

  /** The block value of a `key:` with nothing after it: deeper lines, a sequence at the key's indent, or null. */
  private nested(keyIndent: number): unknown {
    this.skipBlank();
    const line = this.lines[this.i];
    if (line === undefined || line.indent < keyIndent) return null;
    if (line.indent === keyIndent) return isSequenceItem(line.content) ? this.sequence(keyIndent) : null;
    return isSequenceItem(line.content) ? this.sequence(line.indent) : this.mapping(line.indent);
  }

  private sequence(indent: number): unknown[] {
    const items: unknown[] = [];
    for (;;) {
      this.skipBlank();
      const line = this.lines[this.i];
      if (line === undefined || line.indent < indent) return items;
      if (line.indent > indent) fail();
      if (!isSequenceItem(line.content)) return items;
      const body = line.content.slice(1).trimStart();
      if (body === '' || body.startsWith('#') || isSequenceItem(body)) fail();
      if (KEY.test(body)) {
        // `- key: value` opens a mapping whose keys line up with this first one.
        const column = indent + line.content.length - body.length;
        this.lines[this.i] = { indent: column, content: body };
        items.push(this.mapping(column));
      } else {
        this.i++;
        items.push(InlineValue.parse(body));
      }
    }
  }
}

function isSequenceItem(content: string): boolean {
  return content === '-' || content.startsWith('- ');
}

/** The document as `yaml`'s `toJS()` would return it, or undefined when the text is outside the simple subset. */
export function parseSimpleYaml(text: string): unknown {
  // Whitespace other than spaces and line feeds (tabs, CR, NBSP, BOM...), directives, document markers.
  if (/[^\S \n]/.test(text) || text.startsWith('%') || /^(?:---|\.\.\.)/m.test(text)) return undefined;
  const lines: Line[] = text.split('\n').map((raw) => {
    const content = raw.trimStart();
    return { indent: raw.length - content.length, content: content.trimEnd() };
  });
  try {
    return new BlockParser(lines).document();
  } catch (error) {
    if (error instanceof NotSimple) return undefined;
    throw error;
  }
}
