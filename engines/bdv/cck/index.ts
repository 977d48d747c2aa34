/**
 * Running the Cucumber Compatibility Kit (`@cucumber/compatibility-kit`) through `maestro bdv --format ndjson`:
 * the samples, the `@cucumber/fake-cucumber` shim their step definitions are loaded through, and the comparison
 * cucumber-js's own CCK test uses. Test and bench support; not part of the engine's public API.
 */
export {
  IGNORABLE_KEYS,
  compareWithKit,
  reorderRunHookEnvelopes,
  withoutKeys,
  type EnvelopeDifference,
} from './compare-envelopes.js';
export {
  KIT_FEATURES,
  listKitSamples,
  parseNdjson,
  runSampleWithMaestro,
  type KitSample,
  type SampleRun,
} from './run-kit.js';
