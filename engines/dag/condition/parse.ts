import { ConditionSyntaxError } from '../errors.js';
import { CONDITION_ROOTS, type ConditionScope } from './condition-scope.js';
import { tokenize, type Operator, type Token } from './tokenize.js';

export type Literal = string | number | boolean | null | undefined;

export type ConditionAst =
  | { readonly kind: 'literal'; readonly value: Literal }
  | {
      readonly kind: 'path';
      readonly root: keyof ConditionScope;
      readonly keys: readonly string[];
      readonly text: string;
    }
  | { readonly kind: 'not'; readonly operand: ConditionAst }
  | { readonly kind: 'negate'; readonly operand: ConditionAst }
  | {
      readonly kind: 'logical';
      readonly operator: '&&' | '||';
      readonly left: ConditionAst;
      readonly right: ConditionAst;
    }
  | {
      readonly kind: 'compare';
      readonly operator: CompareOperator;
      readonly left: ConditionAst;
      readonly right: ConditionAst;
    };

export type CompareOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';

const KEYWORDS: Readonly<Record<string, Literal>> = { true: true, false: false, null: null, undefined: undefined };

/**
 * Parses a condition. Grammar (lowest precedence first):
 * `or := and ('||' and)*`, `and := equality ('&&' equality)*`, `equality := relational (('=='|'!=') relational)*`,
 * `relational := unary (('<'|'<='|'>'|'>=') unary)*`, `unary := ('!'|'-') unary | primary`,
 * `primary := number | string | true | false | null | undefined | path | '(' or ')'`,
 * `path := root ('.' name | '[' (string|number) ']')*` with root one of context, inputs, config.
 */
export function parseCondition(source: string): ConditionAst {
  const parser = new Parser(source, tokenize(source));
  const ast = parser.parseOr();
  parser.expectEnd();
  return ast;
}

class Parser {
  private index = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: readonly Token[],
  ) {}

  parseOr(): ConditionAst {
    let left = this.parseAnd();
    while (this.acceptOperator('||')) left = { kind: 'logical', operator: '||', left, right: this.parseAnd() };
    return left;
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.kind !== 'end') this.fail(`unexpected ${describe(token)}`, token);
  }

  private parseAnd(): ConditionAst {
    let left = this.parseEquality();
    while (this.acceptOperator('&&')) left = { kind: 'logical', operator: '&&', left, right: this.parseEquality() };
    return left;
  }

  private parseEquality(): ConditionAst {
    let left = this.parseRelational();
    for (;;) {
      const operator = this.acceptOneOf(['==', '!=']);
      if (operator === undefined) return left;
      left = { kind: 'compare', operator, left, right: this.parseRelational() };
    }
  }

  private parseRelational(): ConditionAst {
    let left = this.parseUnary();
    for (;;) {
      const operator = this.acceptOneOf(['<', '<=', '>', '>=']);
      if (operator === undefined) return left;
      left = { kind: 'compare', operator, left, right: this.parseUnary() };
    }
  }

  private parseUnary(): ConditionAst {
    if (this.acceptOperator('!')) return { kind: 'not', operand: this.parseUnary() };
    if (this.acceptOperator('-')) return { kind: 'negate', operand: this.parseUnary() };
    return this.parsePrimary();
  }

  private parsePrimary(): ConditionAst {
    const token = this.next();
    if (token.kind === 'number' || token.kind === 'string') return { kind: 'literal', value: token.value };
    if (token.kind === 'operator' && token.value === '(') {
      const inner = this.parseOr();
      this.expectOperator(')');
      return inner;
    }
    if (token.kind === 'identifier') {
      if (Object.hasOwn(KEYWORDS, token.value)) return { kind: 'literal', value: KEYWORDS[token.value] };
      return this.parsePath(token);
    }
    return this.fail(`unexpected ${describe(token)}`, token);
  }

  private parsePath(rootToken: Token & { kind: 'identifier' }): ConditionAst {
    const root = CONDITION_ROOTS.find((name) => name === rootToken.value);
    if (root === undefined) {
      this.fail(`unknown name "${rootToken.value}" (paths start with ${CONDITION_ROOTS.join(', ')})`, rootToken);
    }
    const keys: string[] = [];
    for (;;) {
      if (this.acceptOperator('.')) {
        const name = this.next();
        if (name.kind !== 'identifier') this.fail(`expected a property name after ".", got ${describe(name)}`, name);
        keys.push(name.value);
      } else if (this.acceptOperator('[')) {
        const key = this.next();
        if (key.kind !== 'string' && key.kind !== 'number')
          this.fail(`expected a string or number key, got ${describe(key)}`, key);
        keys.push(String(key.value));
        this.expectOperator(']');
      } else {
        const end = this.peek().position;
        return { kind: 'path', root, keys, text: this.source.slice(rootToken.position, end).trim() };
      }
    }
  }

  private peek(): Token {
    return this.tokens[this.index] ?? { kind: 'end', position: this.source.length };
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index++;
    return token;
  }

  private acceptOperator(operator: Operator): boolean {
    const token = this.peek();
    if (token.kind === 'operator' && token.value === operator) {
      this.index++;
      return true;
    }
    return false;
  }

  private acceptOneOf<T extends Operator>(operators: readonly T[]): T | undefined {
    const token = this.peek();
    if (token.kind !== 'operator') return undefined;
    const match = operators.find((operator) => operator === token.value);
    if (match !== undefined) this.index++;
    return match;
  }

  private expectOperator(operator: Operator): void {
    const token = this.peek();
    if (!this.acceptOperator(operator)) this.fail(`expected "${operator}", got ${describe(token)}`, token);
  }

  private fail(message: string, token: Token): never {
    throw new ConditionSyntaxError(message, this.source, token.position);
  }
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'end of expression';
    case 'string':
      return `string ${JSON.stringify(token.value)}`;
    default:
      return `"${String(token.value)}"`;
  }
}
