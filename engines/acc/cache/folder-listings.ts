import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { writeFileAtomically } from './cache-files.js';
import { readCacheFile } from '../read-input-file.js';
import { errorMessage } from '../../common/index.js';

const FORMAT = 'maestro-acc-folders-v1';
export const FOLDER_LISTINGS_FILE_NAME = 'acc-folders-v1.json';

/**
 * One folder's entries by kind, as the walk needs them. Names are joined by `/`, the one character no entry
 * name can hold: one string per kind keeps the stored listings of a thousand folders cheap to parse.
 */
export interface FolderListing {
  /** The folder's mtime when it was read: adding, removing or renaming an entry changes it. */
  readonly mtimeMs: number;
  readonly files: string;
  readonly folders: string;
  readonly links: string;
}

/** Every folder a walk listed, keyed by root-relative path (`''` is the root). */
export interface FolderListings {
  /**
   * Identifies the listed contents: kept while every folder lists the same entries, new when any differs. Equal
   * ids mean the walk saw the same folders and files.
   */
  readonly id: string;
  /** When the walk that listed them started (epoch ms): the racy-mtime boundary for the next walk. */
  readonly listedAt: number;
  /**
   * Folder names left out of every listing (the walk's ignored directories, sorted, joined by `/`). The cache's
   * own folder is one: listing it would make the first run's cache look like a change to the second run.
   */
  readonly ignoredFolders: string;
  readonly byFolder: ReadonlyMap<string, FolderListing>;
}

export function sameListing(a: FolderListing, b: FolderListing): boolean {
  return a.files === b.files && a.folders === b.folders && a.links === b.links;
}

/** A listing's names of one kind (`''` lists none). */
export function namesOf(joined: string): string[] {
  return joined === '' ? [] : joined.split('/');
}

/** [folder, mtimeMs, files, folders, links]: tuples in an array parse faster than an object keyed by folder. */
type StoredListing = [string, number, string, string, string];

interface StoredListings {
  format: string;
  id: string;
  listedAt: number;
  ignoredFolders: string;
  folders: StoredListing[];
}

/** Loads the stored listings; anything malformed is discarded with a warning and the walk reads every folder. */
export function loadFolderListings(cacheDir: string): { listings?: FolderListings; warning?: string } {
  const file = join(cacheDir, FOLDER_LISTINGS_FILE_NAME);
  const read = readCacheFile(file, 'folder cache');
  if (read.text === undefined) return read.warning === undefined ? {} : { warning: read.warning };
  const text = read.text;
  try {
    const data = JSON.parse(text) as unknown;
    if (!isStoredListings(data)) throw new Error('unexpected structure');
    const byFolder = new Map<string, FolderListing>();
    for (let i = 0; i < data.folders.length; i++) {
      const stored: unknown = data.folders[i];
      if (!isStoredListing(stored)) throw new Error(`bad entry #${i}`);
      byFolder.set(stored[0], { mtimeMs: stored[1], files: stored[2], folders: stored[3], links: stored[4] });
    }
    return { listings: { id: data.id, listedAt: data.listedAt, ignoredFolders: data.ignoredFolders, byFolder } };
  } catch (error) {
    return { warning: `corrupt folder cache discarded: ${file} (${errorMessage(error)})` };
  }
}

/** Writes the listings atomically. */
export function saveFolderListings(cacheDir: string, listings: FolderListings): void {
  const folders: StoredListing[] = [];
  for (const [folder, l] of listings.byFolder) folders.push([folder, l.mtimeMs, l.files, l.folders, l.links]);
  const data: StoredListings = {
    format: FORMAT,
    id: listings.id,
    listedAt: listings.listedAt,
    ignoredFolders: listings.ignoredFolders,
    folders,
  };
  writeFileAtomically(join(cacheDir, FOLDER_LISTINGS_FILE_NAME), JSON.stringify(data));
}

export const newListingsId = (): string => randomUUID();

function isStoredListings(v: unknown): v is StoredListings {
  if (typeof v !== 'object' || v === null) return false;
  const d = v as Partial<StoredListings>;
  return (
    d.format === FORMAT &&
    typeof d.id === 'string' &&
    typeof d.listedAt === 'number' &&
    typeof d.ignoredFolders === 'string' &&
    Array.isArray(d.folders)
  );
}

function isStoredListing(v: unknown): v is StoredListing {
  return (
    Array.isArray(v) &&
    v.length === 5 &&
    typeof v[0] === 'string' &&
    typeof v[1] === 'number' &&
    typeof v[2] === 'string' &&
    typeof v[3] === 'string' &&
    typeof v[4] === 'string'
  );
}
