import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { writeFileAtomically } from './cache-files.js';
import { readCacheFile } from '../read-input-file.js';
import type { ImportEdge, ImportKind, ResolutionStatus } from '../types.js';
import { errorMessage } from '../../common/index.js';

const FORMAT = 'maestro-acc-edges-v7';
export const EDGE_STORE_FILE_NAME = 'acc-edges-v7.json';

const KINDS: readonly ImportKind[] = ['static', 'reexport', 'dynamic', 'require', 'reference'];
const STATUSES: readonly ResolutionStatus[] = ['internal', 'external', 'builtin', 'unresolved', 'outside-root'];
const UNSAFE = /[\t\n]/;

/**
 * One file's resolved imports as one string: a row per import, `<kind><typeOnly><line>\t<specifier>\t<status>\t<target>`,
 * rows joined by `\n`. Undefined when a specifier or target holds a tab or newline (such a file is never cached).
 */
export function encodeEdges(edges: readonly ImportEdge[]): string | undefined {
  let out = '';
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i];
    if (e === undefined) continue;
    if (UNSAFE.test(e.specifier) || UNSAFE.test(e.to)) return undefined;
    out += `${i === 0 ? '' : '\n'}${KINDS.indexOf(e.kind)}${e.typeOnly ? 1 : 0}${e.line}\t${e.specifier}\t${STATUSES.indexOf(e.status)}\t${e.to}`;
  }
  return out;
}

/** 16 hex characters of SHA-1: identifies a file's edges in the index and verifies them in the store. */
export function digestEdges(encoded: string): string {
  return createHash('sha1').update(encoded).digest('hex').slice(0, 16);
}

/**
 * Decodes what encodeEdges wrote; only ever called on strings whose digest matched, i.e. strings encodeEdges
 * produced. `intern` maps a target path to the one string instance the graph holds for it, so 50,000 edges do
 * not carry 50,000 copies of 5,000 paths.
 */
export function decodeEdges(from: string, encoded: string, intern: (path: string) => string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  if (encoded === '') return edges;
  let start = 0;
  while (start < encoded.length) {
    let end = encoded.indexOf('\n', start);
    if (end < 0) end = encoded.length;
    const t1 = encoded.indexOf('\t', start);
    const t2 = encoded.indexOf('\t', t1 + 1);
    const t3 = encoded.indexOf('\t', t2 + 1);
    const status = STATUSES[encoded.charCodeAt(t2 + 1) - 48] ?? 'unresolved';
    const target = encoded.slice(t3 + 1, end);
    edges.push({
      from,
      to: status === 'internal' ? intern(target) : target,
      specifier: encoded.slice(t1 + 1, t2),
      kind: KINDS[encoded.charCodeAt(start) - 48] ?? 'static',
      typeOnly: encoded.charCodeAt(start + 1) === 49,
      line: Number(encoded.slice(start + 2, t1)),
      status,
    });
    start = end + 1;
  }
  return edges;
}

export interface LoadedEdgeStore {
  readonly edges: ReadonlyMap<string, string>;
  readonly warning?: string;
}

/**
 * Loads every cached file's encoded edges. Callers check each string against the index's digest before use,
 * so a damaged or stale entry is never trusted: that file is read again.
 */
export function loadEdgeStore(cacheDir: string): LoadedEdgeStore {
  const file = join(cacheDir, EDGE_STORE_FILE_NAME);
  const read = readCacheFile(file, 'edge cache');
  if (read.text === undefined)
    return read.warning === undefined ? { edges: new Map() } : { edges: new Map(), warning: read.warning };
  const text = read.text;
  try {
    const data = JSON.parse(text) as { format?: unknown; paths?: unknown; encoded?: unknown } | null;
    const paths = data?.paths;
    const encoded = data?.encoded;
    if (
      data?.format !== FORMAT ||
      !Array.isArray(paths) ||
      !Array.isArray(encoded) ||
      paths.length !== encoded.length
    ) {
      throw new Error('unexpected structure');
    }
    const edges = new Map<string, string>();
    for (let i = 0; i < paths.length; i++) {
      const path: unknown = paths[i];
      const value: unknown = encoded[i];
      if (typeof path !== 'string' || typeof value !== 'string') throw new Error(`bad entry #${i}`);
      edges.set(path, value);
    }
    return { edges };
  } catch (error) {
    return { edges: new Map(), warning: `corrupt edge cache discarded: ${file} (${errorMessage(error)})` };
  }
}

/**
 * Replaces the store atomically. Two parallel arrays rather than an object keyed by path: JSON.stringify and
 * JSON.parse handle them in about half the time at 5,000 files.
 */
export function saveEdgeStore(cacheDir: string, edges: ReadonlyMap<string, string>): void {
  writeFileAtomically(
    join(cacheDir, EDGE_STORE_FILE_NAME),
    JSON.stringify({ format: FORMAT, paths: [...edges.keys()], encoded: [...edges.values()] }),
  );
}
