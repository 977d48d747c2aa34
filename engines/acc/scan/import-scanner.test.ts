import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { scanImports, scanImportsTokenByToken } from './import-scanner.js';

const specs = (text: string): string[] => scanImports(text).map((r) => r.specifier);

describe('scanImports', () => {
  it('finds every import form with kind, type-only flag and line', () => {
    const text = [
      "import a from './a.js';",
      "import * as b from './b';",
      "import { c, d as e } from './c';",
      "import f, { g } from './f';",
      "import './side-effect';",
      "import type { T } from './types';",
      "export * from './re';",
      "export * as ns from './ns';",
      "export { x } from './x';",
      "export type { Y } from './y';",
      "const lazy = await import('./lazy');",
      "const cjs = require('./cjs');",
      "import legacy = require('./legacy');",
      'const tpl = import(`./tpl`);',
    ].join('\n');
    expect(scanImports(text)).toEqual([
      { specifier: './a.js', kind: 'static', typeOnly: false, line: 1 },
      { specifier: './b', kind: 'static', typeOnly: false, line: 2 },
      { specifier: './c', kind: 'static', typeOnly: false, line: 3 },
      { specifier: './f', kind: 'static', typeOnly: false, line: 4 },
      { specifier: './side-effect', kind: 'static', typeOnly: false, line: 5 },
      { specifier: './types', kind: 'static', typeOnly: true, line: 6 },
      { specifier: './re', kind: 'reexport', typeOnly: false, line: 7 },
      { specifier: './ns', kind: 'reexport', typeOnly: false, line: 8 },
      { specifier: './x', kind: 'reexport', typeOnly: false, line: 9 },
      { specifier: './y', kind: 'reexport', typeOnly: true, line: 10 },
      { specifier: './lazy', kind: 'dynamic', typeOnly: false, line: 11 },
      { specifier: './cjs', kind: 'require', typeOnly: false, line: 12 },
      { specifier: './legacy', kind: 'static', typeOnly: false, line: 13 },
      { specifier: './tpl', kind: 'dynamic', typeOnly: false, line: 14 },
    ]);
  });

  it('ignores look-alikes in comments, strings, templates and regular expressions', () => {
    const text = [
      "// import a from './comment';",
      "/* require('./block') */",
      'const s = "import b from \'./string\'";',
      "const t = `import c from './template' ${ 1 }`;",
      "const r = /import('.\\/regex')/;",
      "const q = x / 2; const r2 = y / require('./after-division');",
      'obj.require("./member"); obj.import("./member2");',
      'const m = import.meta.url;',
      'export const value = 1; export default function f() {}',
    ].join('\n');
    expect(specs(text)).toEqual(['./after-division']);
  });

  it('finds imports inside template substitutions and after regex literals', () => {
    const text = "const a = `${await import('./in-template')}`;\nconst re = /[/']/g; import b from './after-regex';";
    expect(specs(text)).toEqual(['./in-template', './after-regex']);
  });

  it('treats `import type from` as a value import of a binding named type', () => {
    expect(scanImports("import type from './t';")).toEqual([
      { specifier: './t', kind: 'static', typeOnly: false, line: 1 },
    ]);
  });

  it('survives JSX text with apostrophes, a shebang and unterminated constructs', () => {
    const text =
      "#!/usr/bin/env node\nimport x from './x';\nconst el = <p>don't</p>;\nimport y from './y';\nconst broken = 'abc\nimport { z } from './z'";
    expect(specs(text)).toEqual(['./x', './y', './z']);
  });

  it('decodes escapes in specifiers', () => {
    expect(specs("import a from './\\u0061b';")).toEqual(['./ab']);
  });
});

// A generated module mixes real imports with decoys. TypeScript's own preProcessFile is the reference; regex
// literals are excluded from the decoys because preProcessFile reports imports written inside them.
const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
const specifier = fc.tuple(fc.constantFrom('./', '../', '@scope/', ''), name).map(([p, n]) => p + n);
const statement = fc.oneof(
  specifier.map((s) => `import ${'x'} from '${s}';`),
  specifier.map((s) => `import { a, b as c } from "${s}";`),
  specifier.map((s) => `import type { T } from '${s}';`),
  specifier.map((s) => `import '${s}';`),
  specifier.map((s) => `export * from '${s}';`),
  specifier.map((s) => `export { d } from '${s}';`),
  specifier.map((s) => `const m = await import('${s}');`),
  specifier.map((s) => `const r = require('${s}');`),
  specifier.map((s) => `// import z from '${s}'`),
  specifier.map((s) => `/* require('${s}') */`),
  specifier.map((s) => `const str = "import q from '${s}'";`),
  specifier.map((s) => `const tpl = \`text \${ await import('${s}') } more\`;`),
  fc.constant('const n = a / b / c;'),
  fc.constant('function f() { return { k: [1, 2] }; }'),
  fc.constant('export const v = 1;'),
);

describe('scanImports against ts.preProcessFile', () => {
  it('reports the same specifiers in the same order', () => {
    fc.assert(
      fc.property(fc.array(statement, { maxLength: 25 }), fc.constantFrom('\n', ' ', '\n\n'), (statements, sep) => {
        const text = statements.join(sep);
        const reference = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
        expect(specs(text)).toEqual(reference);
      }),
      { numRuns: 300, seed: 20_250_501 },
    );
  });
});

// `scanImports` skips text between candidate keywords and decides regex-vs-division by looking back; lexing every
// token is the reference. Fragments are chosen to put every kind of token right before a `/`, a keyword or a
// comment, inside and outside template substitutions.
const fragment = fc.constantFrom(
  "import a from './a';",
  "import { b, c as d } from './b';",
  "export * from './e';",
  "export { f } from './f';",
  "require('./g');",
  "import('./h');",
  'x.require("./member");',
  '...require("./spread")',
  'a. import("./dot")',
  'x = y / 2;',
  'x = y / require("./div");',
  'return /re[/]x/g;',
  'typeof /a/;',
  '(x) / 2',
  'arr[0] / 2',
  '} / 1',
  '1. / 2',
  '1.5 / 2',
  'a.return / 2',
  'in /x/',
  '/* c */',
  '// line comment.',
  '// ends with dot. \n',
  '/** doc */',
  '`t ${ a / 2 } /x/ ${ {k: 1} } `',
  '`${`${ import("./nested") }`}`',
  "'str' / 2",
  '"s\\"q" / 1',
  "'unterminated\n",
  "<p>don't</p>",
  '/re/ / 2',
  'x /* c */ / 2',
  'x // c\n/ 2',
  '{ /re/ }',
  '( /re/ )',
  '= /a\\/b/',
  '\n',
  ' ',
  ';',
  '#!/bin/x',
  '\u00a0',
  'é',
  '$import',
  'import',
  'export',
  'require',
  '.',
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  '/',
  '`',
  "'",
  '"',
  '\\',
  '*',
  '5',
  'a',
  'return',
  'type',
  'from',
  "'./q'",
  // Statement shapes matched whole (import-statements.ts) and near misses that must go token by token.
  "import type from './t';",
  "import type, { a } from './t';",
  "import type T from './t';",
  "import type{a}from'./t'",
  "import * as from from './x';",
  "import from from './x';",
  "import { import as x } from './x';",
  "import {a}from'./a'",
  "import A, * as B from './ab';",
  "import A,{b} from './ab'",
  "import {a /* c */} from './c';",
  "import {'s' as t} from './s';",
  "import x = require('./x');",
  "import type x = require('./x');",
  "import 'a\\'b';",
  'import(`./t`);',
  "import ( './p' )",
  "export * as from from './x';",
  "export *from'./x';",
  "export type { A } from './t';",
  "export type * from './t';",
  "export * as 'ns' from './n';",
  "export *as ns from './n';",
  'export { a, b };',
  'export default x;',
  'export type X = 1;',
  "export import y = require('./y');",
  'export as namespace N;',
  "require ( './r' )",
  "require('./r', 1)",
  'export = x;',
);

describe('scanImports fast path', () => {
  it('finds an import right after a byte order mark on line 1 (U+FEFF is whitespace, not an identifier character)', () => {
    for (const first of [
      "import a from './a';",
      "export * from './a';",
      "import './a';",
      "import type { T } from './a';",
    ]) {
      const text = `\ufeff${first}\nimport b from './b';`;
      expect(scanImports(text)).toEqual(scanImportsTokenByToken(text));
      expect(specs(text)).toEqual(['./a', './b']);
      expect(specs(text)).toEqual(ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName));
      expect(scanImports(text)[0]?.line).toBe(1);
    }
    expect(specs("\ufeffconst x = require('./r');")).toEqual(['./r']);
  });

  it('finds exactly what lexing every token finds', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('', '\ufeff'),
        fc.array(fragment, { maxLength: 40 }),
        fc.constantFrom('', ' ', '\n'),
        (bom, parts, sep) => {
          const text = bom + parts.join(sep);
          expect(scanImports(text)).toEqual(scanImportsTokenByToken(text));
        },
      ),
      { numRuns: 3000, seed: 20_260_101 },
    );
  });

  it('decides regex or division from the token before the slash, across comments', () => {
    expect(specs("x = a /* c */ / require('./div') / 2;")).toEqual(['./div']);
    expect(specs("x = (a) // c\n/ require('./div');")).toEqual(['./div']);
    expect(specs("return /* c */ /require('./in-regex')/;")).toEqual([]);
    expect(specs("x = '/'; y = a / b; z = /import('x')/; import q from './q';")).toEqual(['./q']);
    expect(specs("// see a.\nimport x from './after-dot-comment';")).toEqual(['./after-dot-comment']);
  });
});
