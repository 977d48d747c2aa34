import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { StepArgument } from '../../harness/generators/index.js';

/** The BDV workload a contender process receives: a folder of generated `.feature` files. */
export interface BdvTask {
  readonly featuresDir: string;
}

/** Facts ours must share with the generator's manifest. */
export const BDV_MANIFEST_KEYS = ['scenarios', 'steps', 'scenariosPassed', 'scenariosFailed'] as const;
/** Facts a peer runner must share with ours (step outcomes included). */
export const BDV_RUNNER_KEYS = [...BDV_MANIFEST_KEYS, 'stepsPassed', 'stepsFailed', 'stepsSkipped'] as const;
/** Facts the parse-only floor can know. */
export const BDV_FLOOR_KEYS = ['scenarios', 'steps'] as const;

/** Every `.feature` file under `dir`, sorted (what each runner is pointed at). */
export function listFeatureFiles(dir: string): string[] {
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.feature'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Step arguments as the vocabulary expects them: numbers and strings as is, a data table as raw rows. */
export function toVocabularyArgument(value: unknown): StepArgument {
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && 'raw' in value && typeof value.raw === 'function') {
    return (value as { raw(): string[][] }).raw();
  }
  throw new TypeError(`unexpected step argument ${String(value)}`);
}
