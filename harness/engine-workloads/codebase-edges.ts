import type { ImportGraph } from '../../engines/acc/index.js';
import type { LayeredCodebaseManifest } from '../generators/index.js';

export interface EdgeSetDiff {
  /** In the manifest, not found by the engine. */
  readonly missing: readonly string[];
  /** Found by the engine, not in the manifest. */
  readonly unexpected: readonly string[];
}

/** Internal edges of an import graph as sorted, unique `from -> to` pairs. */
export function graphEdgePairs(graph: ImportGraph): string[] {
  const pairs = new Set<string>();
  for (const edges of graph.edgesByFile.values()) {
    for (const edge of edges) if (edge.status === 'internal') pairs.add(`${edge.from} -> ${edge.to}`);
  }
  return [...pairs].sort();
}

/** The generator's exact edges as sorted, unique `from -> to` pairs. */
export function manifestEdgePairs(manifest: LayeredCodebaseManifest): string[] {
  return [...new Set(manifest.edges.map((edge) => `${edge.from} -> ${edge.to}`))].sort();
}

export function diffEdgeSets(expected: readonly string[], actual: readonly string[]): EdgeSetDiff {
  const want = new Set(expected);
  const got = new Set(actual);
  return { missing: expected.filter((e) => !got.has(e)), unexpected: actual.filter((e) => !want.has(e)) };
}

/** ACC rules for the generated layered code base: one component per layer, presentation must not reach data. */
export const LAYERED_CODEBASE_RULES_YAML = `
components:
  - { name: Presentation, paths: ["src/presentation/**"] }
  - { name: Business, paths: ["src/business/**"] }
  - { name: Data, paths: ["src/data/**"] }
  - { name: Infrastructure, paths: ["src/infrastructure/**"] }
rules:
  - { id: no-ui-to-data, type: MUST_NOT_CALL, component: Presentation, targets: [Data], severity: blocking }
`;
