import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { loadConfiguration, runCucumber } from '@cucumber/cucumber/api';
import { runContender, startWorkTimer } from '../core/child-protocol.js';
import type { BdvTask } from './bdv-task.js';
import { countNdjsonOutcomes } from './count-ndjson.js';
import '../../harness/generators/index.js';
import './bdv-task.js';

const SUPPORT_FILE = fileURLToPath(new URL('./cucumber-steps.ts', import.meta.url));

/** Contender: cucumber-js 12 with `--format message:FILE` (its NDJSON formatter), serial, through its API. */
await runContender<BdvTask>(async (task) => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-cucumber-ndjson-'));
  const file = join(dir, 'messages.ndjson');
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const environment = { cwd: process.cwd(), stdout: sink, stderr: sink };
  try {
    const timer = startWorkTimer();
    const { runConfiguration } = await loadConfiguration(
      {
        file: false,
        provided: { paths: [`${task.featuresDir}/**/*.feature`], import: [SUPPORT_FILE], format: [`message:${file}`] },
      },
      environment,
    );
    await runCucumber(runConfiguration, environment);
    const { ms, cpuMs } = timer.stop();
    const outcome = await countNdjsonOutcomes(file);
    return {
      ms,
      cpuMs,
      items: Number(outcome['scenarios']),
      outcome: { ...outcome, ndjsonMB: Math.round(statSync(file).size / 1e6) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
