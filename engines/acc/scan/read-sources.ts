import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { CacheEntry } from '../cache/index.js';
import type { GraphCounters, ImportReference, SkippedFile } from '../types.js';
import { scanImports } from './import-scanner.js';
import type { PlannedSource } from './plan-reads.js';
import type { SourceEntry } from './walk-project.js';
import { WholeFileReader } from './read-whole-file.js';
import { errorMessage } from '../../common/index.js';

// Files read between two yields to the event loop (and abort checks). Cache hits cost no I/O and are not counted:
// a warm run over 5,000 files would otherwise spend more on twenty event-loop turns than on the hits.
const YIELD_EVERY_FILES = 256;
// git's heuristic: a NUL byte in the first 8,000 bytes means binary.
const BINARY_SNIFF_BYTES = 8000;

function isBinary(buf: Buffer): boolean {
  return buf.subarray(0, BINARY_SNIFF_BYTES).indexOf(0) !== -1;
}

const yieldToEventLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Where phase 2 hands each file it keeps, in walk order (skipped files go to `skipped` instead). */
export interface ReadSink {
  /** Trusted on stat, or read and found to hash as its cache entry: its cached imports stand. */
  unchanged(source: SourceEntry, cached: CacheEntry, hash: string): void;
  /** Read and lexed (new or changed): resolve `imports` now, so the list dies young. */
  lexed(source: SourceEntry, hash: string, imports: readonly ImportReference[]): void;
}

export interface ReadOptions {
  readonly maxBytes: number;
  /** Hash what is read (only worth it when there is a cache to compare with). */
  readonly hashContent: boolean;
  readonly signal?: AbortSignal | undefined;
  /** filesScanned, filesParsed, cacheHits and bytesRead are counted here. */
  readonly counters: GraphCounters;
  /** Too large, unreadable and binary files are added here. */
  readonly skipped: SkippedFile[];
}

/**
 * Phase 2 of a scan: reads every planned file that stat could not vouch for (one read each), skips what is not
 * a text module, and lexes what changed. File texts are dropped as soon as they are lexed, so memory grows with
 * the number of imports, not with the size of the code base.
 */
export async function readChangedSources(
  plan: readonly PlannedSource[],
  options: ReadOptions,
  sink: ReadSink,
): Promise<void> {
  const { maxBytes, counters, skipped, signal } = options;
  const reader = new WholeFileReader();
  let sinceYield = 0;
  for (let s = 0; s < plan.length; s++) {
    const { source, cached, trusted } = plan[s] as PlannedSource;
    if (trusted && cached !== undefined) {
      counters.cacheHits++;
      sink.unchanged(source, cached, cached.hash);
      continue;
    }
    if (source.size > maxBytes) {
      // (size is -1 when not statted; checked after the read instead)
      skipped.push({ path: source.path, reason: 'too-large', detail: `${source.size} bytes > limit ${maxBytes}` });
      continue;
    }
    if (++sinceYield >= YIELD_EVERY_FILES) {
      sinceYield = 0;
      await yieldToEventLoop();
      signal?.throwIfAborted();
    }
    let buf: Buffer | number;
    try {
      buf = reader.read(source.absolutePath, maxBytes);
    } catch (error) {
      skipped.push({ path: source.path, reason: 'unreadable', detail: errorMessage(error) });
      continue;
    }
    counters.filesScanned++;
    if (typeof buf === 'number') {
      counters.bytesRead += maxBytes + 1;
      skipped.push({ path: source.path, reason: 'too-large', detail: `${buf} bytes > limit ${maxBytes}` });
      continue;
    }
    counters.bytesRead += buf.length;
    if (isBinary(buf)) {
      skipped.push({ path: source.path, reason: 'binary', detail: 'NUL byte in the first 8,000 bytes' });
      continue;
    }
    // Without a cache there is nothing to compare a hash with: skip it.
    const hash = options.hashContent ? createHash('sha1').update(buf).digest('hex') : '';
    // The stat taken before the read is kept: if the file changed in between, the next stat differs and re-reads it.
    if (cached !== undefined && cached.hash === hash) {
      counters.cacheHits++;
      sink.unchanged(source, cached, hash);
    } else {
      counters.filesParsed++;
      sink.lexed(source, hash, scanImports(buf.toString('utf8')));
    }
  }
}

/**
 * Reads and lexes one file again, for a file whose cached imports turned out missing or damaged; counted as
 * scanned and parsed. An unreadable file yields no imports and a note.
 */
export function rereadImports(
  absolutePath: string,
  file: string,
  counters: GraphCounters,
  notes: string[],
): readonly ImportReference[] {
  try {
    const buf = readFileSync(absolutePath);
    counters.filesScanned++;
    counters.filesParsed++;
    counters.bytesRead += buf.length;
    return scanImports(buf.toString('utf8'));
  } catch (error) {
    notes.push(`${file} unreadable on re-read (${errorMessage(error)}); its imports are left out`);
    return [];
  }
}
