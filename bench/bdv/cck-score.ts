/**
 * Scores `maestro bdv` and cucumber-js on every Cucumber Compatibility Kit sample, compared the way cucumber-js's
 * own `compatibility/cck_spec.ts` compares (ignorable keys, run-hook envelopes reordered). Both run the kit's own
 * step definitions, mapped by one mechanical `@cucumber/fake-cucumber` shim each; cucumber-js may instead be
 * given other step definitions (`--cucumber-support <dir>/<sample>/<sample>.ts`, loaded with require + tsx/cjs).
 *
 *   npx tsx bench/bdv/cck-score.ts [--only NAME] [--cucumber-support-root DIR]
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Envelope } from '@cucumber/messages';
import { compatibilityKit } from '../../engines/bdv/index.js';

const { compareWithKit, listKitSamples, parseNdjson, runSampleWithMaestro } = compatibilityKit;
type KitSample = compatibilityKit.KitSample;

const CUCUMBER_CHILD = fileURLToPath(new URL('./cck-cucumber-js.ts', import.meta.url));
const CUCUMBER_SHIM = pathToFileURL(
  fileURLToPath(new URL('./register-fake-cucumber-on-cucumber-js.mjs', import.meta.url)),
).href;

function runWithCucumberJs(sample: KitSample, supportRoot: string | undefined): Promise<readonly Envelope[]> {
  const own = supportRoot === undefined ? undefined : path.join(supportRoot, sample.name, `${sample.name}.ts`);
  const support =
    own !== undefined
      ? existsSync(own)
        ? [own]
        : []
      : sample.stepDefinitions === undefined
        ? []
        : [sample.stepDefinitions];
  const args = [
    ...(own === undefined ? ['--import', CUCUMBER_SHIM] : []),
    '--import',
    'tsx',
    CUCUMBER_CHILD,
    sample.dir,
    ...support,
    '--',
    ...sample.arguments,
  ];
  const env =
    own === undefined
      ? process.env
      : {
          ...process.env,
          CCK_REQUIRE_SUPPORT: '1',
          NODE_PATH: fileURLToPath(new URL('../../node_modules', import.meta.url)),
        };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd: sample.dir, env, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
      (_error, stdout) => {
        try {
          resolve(parseNdjson(stdout));
        } catch {
          resolve([]);
        }
      },
    );
  });
}

const { values } = parseArgs({
  options: { only: { type: 'string' }, 'cucumber-support-root': { type: 'string' }, verbose: { type: 'boolean' } },
});
const samples = listKitSamples().filter((sample) => values.only === undefined || sample.name === values.only);
let ours = 0;
let theirs = 0;
for (const sample of samples) {
  const [mine, cucumber] = [
    await runSampleWithMaestro(sample),
    await runWithCucumberJs(sample, values['cucumber-support-root']),
  ];
  const ourDiff = compareWithKit(mine.envelopes, sample.expected);
  const theirDiff = compareWithKit(cucumber, sample.expected);
  if (ourDiff === undefined) ours++;
  if (theirDiff === undefined) theirs++;
  const mark = (diff: unknown): string => (diff === undefined ? 'equal' : 'DIFFERENT');
  process.stdout.write(
    `${sample.name.padEnd(36)} maestro ${mark(ourDiff).padEnd(10)} cucumber-js ${mark(theirDiff)}\n`,
  );
  if (values.verbose === true && ourDiff !== undefined) {
    process.stdout.write(
      `  envelope ${ourDiff.index}\n  expected ${JSON.stringify(ourDiff.expected)}\n  actual   ${JSON.stringify(ourDiff.actual)}\n`,
    );
    if (mine.stderr !== '') process.stdout.write(`  stderr ${mine.stderr.split('\n').slice(0, 3).join(' | ')}\n`);
  }
}
process.stdout.write(
  `\nmaestro bdv: ${ours} of ${samples.length} samples equal; cucumber-js: ${theirs} of ${samples.length}\n`,
);
