import { decodeEdges, digestEdges, encodeEdges } from '../cache/index.js';
import type { SourceEntry } from '../scan/index.js';
import type { ImportEdge, ImportReference } from '../types.js';
import type { ImportResolver } from './resolve-import.js';

/** A file's imports resolved into edges, with the encoded form and digest the cache keeps (both empty without a cache). */
export interface ResolvedEdges {
  readonly edges: ImportEdge[];
  /** encodeEdges of the edges; undefined without a cache, or when they are not encodable. */
  readonly encoded: string | undefined;
  /** digestEdges of the encoded edges (of their JSON when not encodable); '' without a cache. */
  readonly digest: string;
}

/**
 * Phase 3 of a scan: import references (just lexed, or decoded from the store) into edges, through the project's
 * resolver. Internal targets point at the path strings the walk already holds, so many edges share one string
 * per file.
 */
export class EdgeResolver {
  readonly #resolver: ImportResolver;
  readonly #sources: readonly SourceEntry[];
  readonly #encode: boolean;
  // Built on first use: a warm run that resolves and decodes nothing never needs it.
  #canonical: Map<string, string> | undefined;

  /** `encode`: whether a cache will store or compare the edges (else encoding and hashing are wasted work). */
  constructor(resolver: ImportResolver, sources: readonly SourceEntry[], encode: boolean) {
    this.#resolver = resolver;
    this.#sources = sources;
    this.#encode = encode;
  }

  /** The walk's own string for `path` (or `path` itself). */
  readonly intern = (path: string): string => {
    if (this.#canonical === undefined) {
      this.#canonical = new Map<string, string>();
      for (let s = 0; s < this.#sources.length; s++) {
        const source = (this.#sources[s] as SourceEntry).path;
        this.#canonical.set(source, source);
      }
    }
    return this.#canonical.get(path) ?? path;
  };

  resolve(file: string, imports: readonly ImportReference[]): ResolvedEdges {
    const edges: ImportEdge[] = [];
    for (let i = 0; i < imports.length; i++) {
      const ref = imports[i] as ImportReference;
      const { status, target } = this.#resolver.resolve(file, ref.specifier, ref.kind);
      edges.push({
        from: file,
        to: status === 'internal' ? this.intern(target) : target,
        specifier: ref.specifier,
        kind: ref.kind,
        typeOnly: ref.typeOnly,
        line: ref.line,
        status,
      });
    }
    if (!this.#encode) return { edges, encoded: undefined, digest: '' };
    const encoded = encodeEdges(edges);
    return { edges, encoded, digest: digestEdges(encoded ?? JSON.stringify(edges)) };
  }

  /** Stored edges of `file` as edges again (their specifiers are what a re-resolution starts from). */
  decode(file: string, encoded: string): ImportEdge[] {
    return decodeEdges(file, encoded, this.intern);
  }
}
