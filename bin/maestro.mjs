#!/usr/bin/env node
// The `maestro` CLI. Runs the compiled CLI in bin/dist (built by bin/build-bin.mjs on `npm ci`/`npm install`, or
// `npm run build:bin`) while every source it was built from is unchanged; otherwise (an edited source, no build,
// MAESTRO_FROM_SOURCE=1) the TypeScript sources through tsx, as before. Commands that load users' TypeScript
// (bdv steps modules) register tsx either way; `analyze` never loads it.
import { readFileSync, statSync } from 'node:fs';
import process from 'node:process';
import { URL } from 'node:url';

const root = new URL('../', import.meta.url);

function compiledIsFresh() {
  if (process.env.MAESTRO_FROM_SOURCE === '1') return false;
  try {
    const { inputs } = JSON.parse(readFileSync(new URL('bin/dist/inputs.json', root), 'utf8'));
    for (const file in inputs) {
      const st = statSync(new URL(file, root));
      if (st.size !== inputs[file].size || st.mtimeMs !== inputs[file].mtimeMs) return false;
    }
    return true;
  } catch {
    return false;
  }
}

const command = process.argv[2];
const compiled = compiledIsFresh();
if (!compiled || (command !== 'analyze' && command !== undefined && command !== '--help' && command !== '-h')) {
  const { register } = await import('tsx/esm/api');
  register();
}
if (compiled) await import('./dist/maestro.mjs');
else await import('../harness/cli/maestro.ts');
