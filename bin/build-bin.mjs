#!/usr/bin/env node
// Compiles the `maestro` CLI (harness/cli/maestro.ts and what it loads) into bin/dist with esbuild, so the bin does not
// transpile TypeScript through tsx at run time. Run by `npm run build:bin` and by npm's `prepare` (which `npm ci`
// and `npm install` run). Packages stay external (resolved from node_modules as before); the command modules stay
// separate chunks, loaded only when their command is asked for. bin/dist/inputs.json records every source file's
// size and mtime: bin/maestro.mjs runs the compiled CLI only while they all match, else the sources through tsx.
// The rules file's schema validators are compiled here, not at run time: engines/acc/rules/rules-validators.ts
// (which compiles them with ajv, ~65 ms of CPU in a fresh process) is replaced in the bundle by ajv's standalone
// code for the same schemas (engines/acc/rules/rules-validators-source.ts).
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'bin', 'dist');
const started = performance.now();
let build;
try {
  ({ build } = await import('esbuild'));
} catch {
  // `npm ci --omit=dev` runs `prepare` too, without devDependencies: the bin then runs the sources through tsx.
  process.stdout.write(
    'maestro bin: esbuild not installed (devDependencies omitted); the bin will run the TypeScript sources through tsx\n',
  );
  process.exit(0);
}
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

const requireFromRoot = createRequire(join(root, 'package.json'));
const vendoredInputs = [];
const VALIDATORS_SOURCE = 'engines/acc/rules/rules-validators-source.ts';
/** Runs rulesValidatorsModuleSource() from the TypeScript source: bundled to a scratch module beside node_modules. */
async function standaloneValidators() {
  const scratch = join(outdir, 'rules-validators-source.tmp.mjs');
  await build({
    absWorkingDir: root,
    entryPoints: [VALIDATORS_SOURCE],
    outfile: scratch,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  try {
    const { rulesValidatorsModuleSource } = await import(pathToFileURL(scratch).href);
    return rulesValidatorsModuleSource();
  } finally {
    rmSync(scratch, { force: true });
  }
}
const validatorsModule = await standaloneValidators();
const precompiledValidators = {
  name: 'precompiled-rules-validators',
  setup(b) {
    b.onLoad({ filter: /[\\/]engines[\\/]acc[\\/]rules[\\/]rules-validators\.ts$/ }, () => ({
      contents: validatorsModule,
      loader: 'js',
    }));
    // Its run-time helpers (a few lines each) go into the bundle rather than being loaded from node_modules.
    b.onResolve({ filter: /^ajv\/dist\/runtime\// }, (args) => ({ path: requireFromRoot.resolve(args.path) }));
  },
};

// Packages the analysis loads, each pre-bundled into one CommonJS file in bin/dist/node_modules, where the bundle's
// `require`s find it before the repository's node_modules: Node then reads and compiles one file instead of yaml's
// ~80 modules (require: ~45 -> ~10 ms of CPU). The bundle's `import`s of them become `require`s too (the plugin
// below): importing CommonJS from an ES module makes Node lex the whole file for its export names, which costs more
// on one 260 KB file than it saves (picomatch: ~7.5 ms imported, ~4 required). One copy of each is loaded.
const VENDORED = ['yaml', 'picomatch'];
const vendoredExports = {};
for (const name of VENDORED) {
  const pkg = JSON.parse(readFileSync(requireFromRoot.resolve(`${name}/package.json`), 'utf8'));
  const names = Object.keys(requireFromRoot(name)).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== 'default');
  vendoredExports[name] = names;
  const dir = join(outdir, 'node_modules', name);
  await build({
    absWorkingDir: root,
    stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: root, loader: 'js' },
    outfile: join(dir, 'index.cjs'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name, version: pkg.version, private: true, main: 'index.cjs', note: 'bundled by bin/build-bin.mjs' })}\n`,
  );
  vendoredInputs.push(relative(root, requireFromRoot.resolve(`${name}/package.json`)));
}
const requireVendored = {
  name: 'require-vendored-packages',
  setup(b) {
    const filter = new RegExp(`^(${VENDORED.join('|')})$`);
    b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'vendored' }));
    b.onLoad({ filter: /.*/, namespace: 'vendored' }, (args) => ({
      contents: [
        "import { createRequire } from 'node:module';",
        `const m = createRequire(import.meta.url)(${JSON.stringify(args.path)});`,
        'export default m;',
        `export const { ${vendoredExports[args.path].join(', ')} } = m;`,
      ].join('\n'),
      loader: 'js',
    }));
  },
};

const result = await build({
  absWorkingDir: root,
  entryPoints: { maestro: 'harness/cli/maestro.ts', 'worker-entry': 'engines/bdv/worker/worker-entry.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  metafile: true,
  logLevel: 'warning',
  outExtension: { '.js': '.mjs' },
  plugins: [precompiledValidators, requireVendored],
});
if (!Object.keys(result.metafile.inputs).includes('engines/acc/rules/rules-validators.ts'))
  throw new Error('maestro bin: engines/acc/rules/rules-validators.ts is no longer bundled; update bin/build-bin.mjs');
// BDV worker threads start from `new URL('./worker-bootstrap.mjs', import.meta.url)`, which in the bundle is this
// folder. Users' steps modules may be TypeScript, so workers still register tsx before the compiled entry.
writeFileSync(
  join(outdir, 'worker-bootstrap.mjs'),
  "import { register } from 'tsx/esm/api';\n\nregister();\nawait import('./worker-entry.mjs');\n",
);
const inputs = {};
// The generator and the schema it compiled are inputs too, though the bundle holds only the code made from them;
// so are the vendored packages' package.json files (an upgrade makes the bin stale).
for (const file of [
  ...Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/') && !f.startsWith('vendored:')),
  VALIDATORS_SOURCE,
  'engines/acc/rules/rules-schema.ts',
  ...vendoredInputs,
]) {
  const st = statSync(join(root, file));
  inputs[file] = { size: st.size, mtimeMs: st.mtimeMs };
}
writeFileSync(join(outdir, 'inputs.json'), `${JSON.stringify({ builtAt: new Date().toISOString(), inputs })}\n`);
const outputs = Object.keys(result.metafile.outputs).map((f) => relative(root, join(root, f)));
process.stdout.write(
  `maestro bin: ${Object.keys(inputs).length} sources -> ${outputs.length} files in ${relative(root, outdir)} (${Math.round(performance.now() - started)} ms)\n`,
);
