#!/usr/bin/env node
// Compiles the `maestro` CLI (harness/cli/maestro.ts and what it loads) into bin/dist with esbuild, so the bin does not
// transpile TypeScript through tsx at run time. Run by `npm run build:bin` and by npm's `prepare` (which `npm ci`
// and `npm install` run). Packages stay external (resolved from node_modules as before); the command modules stay
// separate chunks, loaded only when their command is asked for. bin/dist/inputs.json records every source file's
// size and mtime: bin/maestro.mjs runs the compiled CLI only while they all match, else the sources through tsx.
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

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
});
// BDV worker threads start from `new URL('./worker-bootstrap.mjs', import.meta.url)`, which in the bundle is this
// folder. Users' steps modules may be TypeScript, so workers still register tsx before the compiled entry.
writeFileSync(
  join(outdir, 'worker-bootstrap.mjs'),
  "import { register } from 'tsx/esm/api';\n\nregister();\nawait import('./worker-entry.mjs');\n",
);
const inputs = {};
for (const file of Object.keys(result.metafile.inputs)) {
  if (file.startsWith('node_modules/')) continue;
  const st = statSync(join(root, file));
  inputs[file] = { size: st.size, mtimeMs: st.mtimeMs };
}
writeFileSync(join(outdir, 'inputs.json'), `${JSON.stringify({ builtAt: new Date().toISOString(), inputs })}\n`);
const outputs = Object.keys(result.metafile.outputs).map((f) => relative(root, join(root, f)));
process.stdout.write(
  `maestro bin: ${Object.keys(inputs).length} sources -> ${outputs.length} files in ${relative(root, outdir)} (${Math.round(performance.now() - started)} ms)\n`,
);
