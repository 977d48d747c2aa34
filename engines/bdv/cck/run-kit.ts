import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Envelope } from '@cucumber/messages';

/** The Compatibility Kit's samples, one folder each (feature, step definitions, expected NDJSON). */
export const KIT_FEATURES = fileURLToPath(
  new URL('../../../node_modules/@cucumber/compatibility-kit/features', import.meta.url),
);
const BIN = fileURLToPath(new URL('../../../bin/maestro.mjs', import.meta.url));
const REGISTER_SHIM = fileURLToPath(new URL('./register-fake-cucumber.mjs', import.meta.url));
const ADAPTER = new URL('./cck-steps.ts', import.meta.url).href;

export interface KitSample {
  readonly name: string;
  readonly dir: string;
  /** `.feature` and `.feature.md` files, sorted. */
  readonly features: readonly string[];
  readonly stepDefinitions: string | undefined;
  /** Extra command-line arguments the kit gives the sample (`<name>.arguments.txt`), split on spaces. */
  readonly arguments: readonly string[];
  readonly expected: readonly Envelope[];
}

export function listKitSamples(root: string = KIT_FEATURES): KitSample[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const dir = path.join(root, name);
      const files = readdirSync(dir).sort();
      const argumentsFile = path.join(dir, `${name}.arguments.txt`);
      const stepDefinitions = path.join(dir, `${name}.ts`);
      return {
        name,
        dir,
        features: files
          .filter((file) => file.endsWith('.feature') || file.endsWith('.feature.md'))
          .map((file) => path.join(dir, file)),
        stepDefinitions: existsSync(stepDefinitions) ? stepDefinitions : undefined,
        arguments: existsSync(argumentsFile)
          ? readFileSync(argumentsFile, 'utf8').trim().split(/\s+/).filter(Boolean)
          : [],
        expected: parseNdjson(readFileSync(path.join(dir, `${name}.ndjson`), 'utf8')),
      };
    });
}

export function parseNdjson(text: string): Envelope[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Envelope);
}

export interface SampleRun {
  readonly code: number | null;
  readonly envelopes: readonly Envelope[];
  readonly stderr: string;
}

/**
 * Runs one sample through the real `maestro bdv --format ndjson`, with the sample's step definitions loaded through
 * the `@cucumber/fake-cucumber` shim and the sample's own arguments file appended.
 */
export function runSampleWithMaestro(sample: KitSample, timeoutMs = 60_000): Promise<SampleRun> {
  const args = [
    '--import',
    pathToFileURL(REGISTER_SHIM).href,
    BIN,
    'bdv',
    ...sample.features.map((f) => path.relative(sample.dir, f)),
  ];
  if (sample.stepDefinitions !== undefined)
    args.push('--steps', `${ADAPTER}?sample=${encodeURIComponent(sample.stepDefinitions)}`);
  args.push('--format', 'ndjson', ...sample.arguments);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd: sample.dir, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        let envelopes: Envelope[];
        try {
          envelopes = parseNdjson(stdout);
        } catch {
          envelopes = [];
        }
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, envelopes, stderr });
      },
    );
  });
}
