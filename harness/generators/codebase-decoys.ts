/**
 * Import-looking text placed only inside comments and string literals. A real lexer must not report any of these
 * specifiers; a regular-expression scanner usually does.
 */
export const DECOY_SPECIFIERS: readonly string[] = [
  'nope',
  'ghost-module',
  './phantom',
  '../../not-a-real-file',
  'left-pad-decoy',
];

/** Lines that are valid in TS and JS alike: comments and string constants. */
export const DECOY_LINES: readonly string[] = [
  "// import { removedHelper } from '../../not-a-real-file';",
  'const USAGE_HINT = "import x from \'nope\' is how the old docs said to load this";',
  "const SNIPPET = `export * from './phantom'`;",
  'const LOADER_HINT = \'require("left-pad-decoy") was dropped in v2\';',
  "/* await import('ghost-module') used to live here */",
  'const MIGRATION_NOTE = \'export { legacy } from "ghost-module"\';',
];

/** Sentences for block comments, each naming a decoy specifier. */
export const DECOY_DOC_LINES: readonly string[] = [
  "Historically wired with `import legacy from 'ghost-module'`, which the bundler no longer resolves.",
  "Do not write `require('left-pad-decoy')` here: the shim is gone.",
  "The old barrel did `export * from './phantom'`; callers now import the module directly.",
];
