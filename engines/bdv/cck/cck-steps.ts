/**
 * The steps module every Compatibility Kit sample runs with: `--steps <this file URL>?sample=<sample .ts path>`.
 * It binds the steps API for the `@cucumber/fake-cucumber` shim, then imports the sample's own step definitions.
 */
import { pathToFileURL } from 'node:url';
import type { StepsApi } from '../index.js';
import { bindStepsApi } from './fake-cucumber.js';

export default async function steps(api: StepsApi): Promise<void> {
  const sample = new URL(import.meta.url).searchParams.get('sample');
  if (sample === null) throw new Error('cck-steps: give the sample as ?sample=<path to its .ts file>');
  bindStepsApi(api);
  await import(pathToFileURL(sample).href);
}
