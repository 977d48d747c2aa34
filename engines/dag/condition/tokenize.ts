import { ConditionSyntaxError } from '../errors.js';

export type Token =
  | { readonly kind: 'number'; readonly value: number; readonly position: number }
  | { readonly kind: 'string'; readonly value: string; readonly position: number }
  | { readonly kind: 'identifier'; readonly value: string; readonly position: number }
  | { readonly kind: 'operator'; readonly value: Operator; readonly position: number }
  | { readonly kind: 'end'; readonly position: number };

export type Operator = '&&' | '||' | '!' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '(' | ')' | '.' | '[' | ']' | '-';

// Longest first so '<=' wins over '<'; '===' and '!==' are accepted as aliases because JS habits die hard.
const OPERATORS: readonly [string, Operator][] = [
  ['===', '=='],
  ['!==', '!='],
  ['&&', '&&'],
  ['||', '||'],
  ['==', '=='],
  ['!=', '!='],
  ['<=', '<='],
  ['>=', '>='],
  ['<', '<'],
  ['>', '>'],
  ['!', '!'],
  ['(', '('],
  [')', ')'],
  ['.', '.'],
  ['[', '['],
  [']', ']'],
  ['-', '-'],
];

const IDENTIFIER = /[A-Za-z_$][A-Za-z0-9_$]*/y;
const NUMBER = /(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/y;

/** Splits a condition expression into tokens, ending with an `end` token. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source.charAt(i);
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const [value, next] = readString(source, i);
      tokens.push({ kind: 'string', value, position: i });
      i = next;
      continue;
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(source);
    if (number !== null && (ch !== '.' || tokens.at(-1)?.kind !== 'identifier')) {
      tokens.push({ kind: 'number', value: Number(number[0]), position: i });
      i += number[0].length;
      continue;
    }
    IDENTIFIER.lastIndex = i;
    const identifier = IDENTIFIER.exec(source);
    if (identifier !== null) {
      tokens.push({ kind: 'identifier', value: identifier[0], position: i });
      i += identifier[0].length;
      continue;
    }
    const operator = OPERATORS.find(([text]) => source.startsWith(text, i));
    if (operator === undefined) throw new ConditionSyntaxError(`unexpected character ${JSON.stringify(ch)}`, source, i);
    tokens.push({ kind: 'operator', value: operator[1], position: i });
    i += operator[0].length;
  }
  tokens.push({ kind: 'end', position: source.length });
  return tokens;
}

function readString(source: string, start: number): [string, number] {
  const quote = source.charAt(start);
  let value = '';
  let i = start + 1;
  while (i < source.length) {
    const ch = source.charAt(i);
    if (ch === quote) return [value, i + 1];
    if (ch === '\\') {
      const escaped = source.charAt(i + 1);
      value += escaped === 'n' ? '\n' : escaped === 't' ? '\t' : escaped;
      i += 2;
      continue;
    }
    value += ch;
    i++;
  }
  throw new ConditionSyntaxError('unterminated string', source, start);
}
