export { reportPaths, type ReportPaths } from './paths.js';
export {
  createRunManifest,
  gitCommit,
  machineFingerprint,
  readRunManifest,
  writeRunManifest,
  type CreateRunManifestOptions,
  type RunContext,
  type RunManifest,
} from './run-manifest.js';
