import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AllureResult } from '../allure-result.js';

/** One attempt of a test as allure-playwright writes it (retry > 0 carries the excluded "Retry" parameter). */
export function attemptResult(
  name: string,
  status: NonNullable<AllureResult['status']>,
  retry: number,
  message?: string,
  labels: AllureResult['labels'] = [],
): AllureResult {
  return {
    uuid: `${name}-${retry}`,
    name,
    fullName: `spec.ts › ${name}`,
    historyId: `h-${name}`,
    status,
    statusDetails: message === undefined ? {} : { message },
    start: 1000 + retry * 100,
    stop: 1050 + retry * 100,
    labels,
    parameters: retry > 0 ? [{ name: 'Retry', value: String(retry), excluded: true }] : [],
  };
}

/** Writes each result as `<uuid>-result.json` into `dir` (created if missing). */
export async function writeAttemptResults(dir: string, results: readonly AllureResult[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const r of results) await writeFile(join(dir, `${r.uuid}-result.json`), JSON.stringify(r));
}
