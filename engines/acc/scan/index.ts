/**
 * Stage 1, scan: what is on disk. Walks the tree (reusing stored folder listings, or only what a file watcher
 * reported), plans from stat which files must be read (planReads), and reads and lexes those into import
 * references (readChangedSources). Knows nothing about resolution.
 */
export { walkProject, SOURCE_EXTENSIONS, DEFAULT_IGNORED_DIRECTORIES } from './walk-project.js';
export type { SourceEntry, WalkChanges, WalkResult } from './walk-project.js';
export { FolderWatcher } from './folder-watcher.js';
export type { WatchedChanges } from './folder-watcher.js';
export { scanImports } from './import-scanner.js';
export { planReads } from './plan-reads.js';
export { readChangedSources, rereadImports } from './read-sources.js';
