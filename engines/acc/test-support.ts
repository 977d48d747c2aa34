import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ArchitectureReport } from './analyze-architecture.js';

/** A throw-away project folder for tests; `dispose` removes it. Test-only, not exported from index.ts. */
export interface TempProject {
  readonly root: string;
  write(path: string, content: string | Buffer): void;
  dispose(): void;
}

export function createTempProject(files: Record<string, string> = {}): TempProject {
  const root = mkdtempSync(join(tmpdir(), 'maestro-acc-'));
  const write = (path: string, content: string | Buffer): void => {
    const abs = join(root, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  };
  for (const [path, content] of Object.entries(files)) write(path, content);
  return { root, write, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/** Everything a caller reads from a report, without what legitimately differs between a cached and an uncached run. */
export function reportVerdict(report: ArchitectureReport): unknown {
  const { counters, durationMs: _ms, notes, ...rest } = report;
  return {
    ...rest,
    edges: [counters.edges, counters.internalEdges, counters.externalEdges, counters.unresolvedEdges],
    notes,
  };
}

/** UI -> Domain -> Data: Data must not call up, UI calls only Domain, Domain has no cycles. */
export const THREE_LAYER_RULES_YAML = `
components:
  - { name: UI, paths: ["src/ui/**"] }
  - { name: Domain, paths: ["src/domain/**"] }
  - { name: Data, paths: ["src/data/**"] }
rules:
  - { id: data-not-up, type: MUST_NOT_CALL, component: Data, targets: [UI, Domain], severity: blocking }
  - { id: ui-down-only, type: CAN_CALL, component: UI, targets: [Domain], severity: warning }
  - { id: domain-acyclic, type: NO_CYCLES, component: Domain, severity: warning }
`;
