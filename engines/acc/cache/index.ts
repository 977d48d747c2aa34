/**
 * The persisted cache under `<root>/.maestro-cache/`: one file format per module (folder listings, the import
 * index with its journal, the edge store, the last evaluation), each discarded with a note when damaged, and
 * ProjectCache, the one object a scan and its evaluation load them through and commit them with.
 */
export { isStatTrusted } from './cache-files.js';
export {
  FOLDER_LISTINGS_FILE_NAME,
  loadFolderListings,
  namesOf,
  newListingsId,
  sameListing,
  saveFolderListings,
} from './folder-listings.js';
export type { FolderListing, FolderListings } from './folder-listings.js';
export { CACHE_FILE_NAME, CACHE_JOURNAL_FILE_NAME } from './import-cache.js';
export type { CacheEntry, LoadedCache } from './import-cache.js';
export { EDGE_STORE_FILE_NAME, decodeEdges, digestEdges, encodeEdges } from './edge-store.js';
export { EVALUATION_CACHE_FILE_NAME, computeEvaluationKey } from './evaluation-cache.js';
export type { EvaluationOutcome } from './evaluation-cache.js';
export { ProjectCache } from './project-cache.js';
export type { IndexEntries, KeptEdges } from './project-cache.js';
