#!/usr/bin/env node
// The `maestro` CLI. Runs the compiled CLI in bin/dist (built by bin/build-bin.mjs on `npm ci`/`npm install`, or
// `npm run build:bin`) while every source it was built from is unchanged; otherwise (an edited source, no build,
// MAESTRO_FROM_SOURCE=1) the TypeScript sources through tsx, as before. Commands that load users' TypeScript
// (bdv steps modules) register tsx either way; `analyze` never loads it.
import { readFileSync, statSync } from 'node:fs';
import process from 'node:process';
import { clearInterval, setInterval } from 'node:timers';
import { URL } from 'node:url';
import v8 from 'node:v8';

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

// `analyze` starts without V8's optimising compiler (TurboFan) and turns it on once the process has used 700 ms of
// CPU. In a short run TurboFan's compile threads cost more than they save (1,000 files: ~30 % of the process's CPU
// with it, 5,000 files: ~15 %); in a long one it pays (20,000 files: --no-opt throughout costs ~30 % more). The
// switch waits for the event loop (between the analysis's phases), so it may come later than 700 ms. A user's own
// tiering flags (node --no-opt, NODE_OPTIONS=--max-opt=...) are left alone.
const TURBOFAN_AFTER_CPU_MS = 700;
function deferTurbofan() {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  if (given.some((flag) => /^--(no-)?(opt|turbofan|max-opt|always-turbofan)\b/.test(flag))) return;
  v8.setFlagsFromString('--no-opt');
  const timer = setInterval(() => {
    const { user, system } = process.cpuUsage();
    if ((user + system) / 1000 < TURBOFAN_AFTER_CPU_MS) return;
    v8.setFlagsFromString('--opt');
    clearInterval(timer);
  }, 25);
  timer.unref();
}

const command = process.argv[2];
if (command === 'analyze') deferTurbofan();
const compiled = compiledIsFresh();
if (!compiled || (command !== 'analyze' && command !== undefined && command !== '--help' && command !== '-h')) {
  const { register } = await import('tsx/esm/api');
  register();
}
if (compiled) await import('./dist/maestro.mjs');
else await import('../harness/cli/maestro.ts');
