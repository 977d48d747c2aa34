/**
 * Stage 2, resolve: turns a specifier into a file of the project, a package or nothing, as TypeScript does
 * (tsconfig `paths`/`baseUrl`, package.json `exports`/`imports`, symlinks), from the walk's file set alone.
 */
export { ProjectConfigs } from './project-configs.js';
export { createResolutionHost } from './resolution-context.js';
export { ImportResolver } from './resolve-import.js';
