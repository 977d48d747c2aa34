/**
 * Stage 2, resolve: turns a specifier into a file of the project, a package or nothing, as TypeScript does
 * (tsconfig `paths`/`baseUrl`, package.json `exports`/`imports`, symlinks), from the walk's file set alone;
 * EdgeResolver turns a file's import references into its edges, and computeResolutionKey says when last run's
 * resolutions still hold.
 */
export { ProjectConfigs } from './project-configs.js';
export { createResolutionHost } from './resolution-context.js';
export { ImportResolver } from './resolve-import.js';
export { EdgeResolver } from './resolve-edges.js';
export type { ResolvedEdges } from './resolve-edges.js';
export { computeResolutionKey } from './resolution-key.js';
