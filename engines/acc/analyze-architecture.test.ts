import { afterEach, describe, expect, it } from 'vitest';
import { analyzeArchitecture } from './analyze-architecture.js';
import { buildImportGraph, internalAdjacency } from './build-import-graph.js';
import { computeFileCoupling } from './graph/index.js';
import { parseArchitectureRules } from './rules/index.js';
import { createTempProject, type TempProject } from './test-support.js';

let project: TempProject | undefined;
afterEach(() => project?.dispose());

describe('analyzeArchitecture with the default rules', () => {
  // Expected results worked out by hand from the edges below:
  //   page -> user-service, page -> user-repo (UI -> data: blocking), page -> fmt
  //   user-service -> user-repo, user-service -> order-service, order-service -> user-service
  //   user-repo -> page (data -> UI: blocking)
  const files = {
    'src/ui/page.ts':
      "import { u } from '../services/user-service';\nimport { r } from '../data/user-repo';\nimport { f } from '../utils/fmt';",
    'src/services/user-service.ts':
      "import { r } from '../data/user-repo';\nimport { o } from './order-service';\nimport express from 'express';",
    'src/services/order-service.ts': "import { u } from './user-service';",
    'src/services/user-service.test.ts': "import { u } from './user-service';",
    'src/data/user-repo.ts': "\n\nimport { p } from '../ui/page';",
    'src/utils/fmt.ts': 'export const f = 1;',
    'README.md': '# not code',
  };

  it('finds the known cycles, violations, score and coupling', async () => {
    project = createTempProject(files);
    const report = await analyzeArchitecture(project.root, { cache: false });

    expect(report.cycles.stronglyConnected).toEqual([
      ['src/data/user-repo.ts', 'src/services/order-service.ts', 'src/services/user-service.ts', 'src/ui/page.ts'],
    ]);
    expect(report.cycles.elementary.map((c) => c.files)).toEqual([
      ['src/data/user-repo.ts', 'src/ui/page.ts'],
      ['src/data/user-repo.ts', 'src/ui/page.ts', 'src/services/user-service.ts'],
      ['src/services/order-service.ts', 'src/services/user-service.ts'],
    ]);
    expect(report.cycles.truncated).toBe(false);

    expect(
      report.violations.map((v) => [v.ruleId, v.severity, v.sourceFile, v.targetFile ?? v.cycleId, v.line]),
    ).toEqual([
      ['layer_presentation_business', 'blocking', 'src/ui/page.ts', 'src/data/user-repo.ts', 2],
      ['layer_no_data_to_presentation', 'blocking', 'src/data/user-repo.ts', 'src/ui/page.ts', 3],
      ['no_cycles_business', 'warning', 'src/services/user-service.ts', report.cycles.elementary[1]?.id, undefined],
      ['no_cycles_business', 'warning', 'src/services/order-service.ts', report.cycles.elementary[2]?.id, undefined],
    ]);
    expect(report.summary.bySeverity).toEqual({ blocking: 2, warning: 2, info: 0 });
    expect(report.score).toBe(0.2);
    expect(report.compliant).toBe(false);
    expect(report.components.find((c) => c.name === 'BusinessLogic')).toEqual({
      name: 'BusinessLogic',
      files: 2,
      coupling: { afferent: 2, efferent: 1, instability: 0.3333 },
    });
    expect(report.components.find((c) => c.name === 'Tests')?.files).toBe(1);
    expect(report.counters).toMatchObject({
      filesDiscovered: 6,
      edges: 9,
      internalEdges: 8,
      externalEdges: 1,
      unresolvedEdges: 0,
    });
  });

  it('gives the same ids on a second run in a different folder', async () => {
    project = createTempProject(files);
    const first = await analyzeArchitecture(project.root, { cache: false });
    const other = createTempProject(files);
    try {
      const second = await analyzeArchitecture(other.root, { cache: false });
      expect(second.violations.map((v) => v.id)).toEqual(first.violations.map((v) => v.id));
      expect(second.cycles.elementary.map((c) => c.id)).toEqual(first.cycles.elementary.map((c) => c.id));
    } finally {
      other.dispose();
    }
  });
});

describe('analyzeArchitecture with layering rules', () => {
  const files = {
    'engines/a/index.ts': "export * from './impl.js';",
    'engines/a/impl.ts': "import type { H } from '../../harness/h.js';\nexport const a = 1;",
    'engines/b/index.ts': "import { a } from '../a/impl.js';\nimport * as pub from '../a/index.js';",
    'harness/h.ts': "import * as a from '../engines/a/index.js';\nimport { s } from '../e2e/spec.js';",
    'e2e/spec.ts': "import { h } from '../harness/h.js';",
  };
  const rulesYaml = (extra = ''): string => `components:
  - { name: E2E, paths: ["e2e/**"] }
  - { name: Harness, paths: ["harness/**"] }
  - { name: Engines, paths: ["engines/**"] }
rules:
  - { id: engines-self-contained, type: CAN_CALL, component: Engines, targets: [], severity: blocking }
  - { id: harness-down, type: CAN_CALL, component: Harness, targets: [Engines], severity: blocking }
  - { id: e2e-down, type: CAN_CALL, component: E2E, targets: [Harness, Engines], severity: blocking }
  - { id: engine-entry, type: PUBLIC_ENTRY_ONLY, component: Engines, module: "engines/*", severity: blocking }
  - { id: engines-coupling, type: COUPLING, component: Engines, scope: component, metric: efferent, max: 0, severity: info }
${extra}`;

  it('reports upward imports, cross-module reach-ins and type-only dependencies', async () => {
    project = createTempProject(files);
    const report = await analyzeArchitecture(project.root, {
      cache: false,
      rules: parseArchitectureRules(rulesYaml()),
    });
    expect(report.violations.map((v) => [v.ruleId, v.sourceFile, v.targetFile])).toEqual([
      ['engines-self-contained', 'engines/a/impl.ts', 'harness/h.ts'],
      ['harness-down', 'harness/h.ts', 'e2e/spec.ts'],
      ['engine-entry', 'engines/b/index.ts', 'engines/a/impl.ts'],
      ['engines-coupling', undefined, undefined],
    ]);
    expect(report.score).toBe(0.08);
  });

  it('can ignore type-only imports', async () => {
    project = createTempProject(files);
    const rules = parseArchitectureRules(`${rulesYaml()}options: { includeTypeOnly: false }\n`);
    const report = await analyzeArchitecture(project.root, { cache: false, rules });
    expect(report.violations.map((v) => v.ruleId)).toEqual(['harness-down', 'engine-entry']);
  });

  it('applies a suppression until it expires, then reports it as expired', async () => {
    project = createTempProject(files);
    const rules = parseArchitectureRules(
      rulesYaml(`suppressions:
  - { rule: harness-down, from: "harness/**", to: "e2e/**", justification: "spec helper moves in ticket 7", expires: 2030-01-01 }
  - { rule: "*", from: "nowhere/**", justification: "left over from a refactor", expires: 2030-01-01 }
`),
    );
    const before = await analyzeArchitecture(project.root, {
      cache: false,
      rules,
      now: () => Date.parse('2030-01-01T20:00:00Z'),
    });
    expect(before.violations.map((v) => v.ruleId)).not.toContain('harness-down');
    expect(before.suppressed.map((v) => [v.ruleId, v.justification])).toEqual([
      ['harness-down', 'spec helper moves in ticket 7'],
    ]);
    expect(before.notes).toContain('suppression of * for nowhere/** matched nothing; remove it');

    const after = await analyzeArchitecture(project.root, {
      cache: false,
      rules,
      now: () => Date.parse('2030-01-02T00:00:01Z'),
    });
    expect(after.violations.map((v) => v.ruleId)).toContain('harness-down');
    expect(after.suppressed).toEqual([]);
    expect(after.notes).toContain(
      'suppression of harness-down for harness/** expired on 2030-01-01; its violations count again',
    );
  });

  it('reports unresolved relative imports', async () => {
    project = createTempProject({ ...files, 'harness/broken.ts': "import { x } from './does-not-exist.js';" });
    const report = await analyzeArchitecture(project.root, {
      cache: false,
      rules: parseArchitectureRules(rulesYaml()),
    });
    expect(report.unresolvedImports.map((e) => [e.from, e.specifier, e.line])).toEqual([
      ['harness/broken.ts', './does-not-exist.js', 1],
    ]);
  });
});

describe('analyzeArchitecture coupling hotspots', () => {
  it('lists the ten files with the highest Ca + Ce, ties by path, as a full sort would', async () => {
    // f<i> imports the hub and f0..f<i-1> for every third i: many ties and a clear top.
    const files: Record<string, string> = { 'src/hub.ts': 'export const hub = 1;' };
    for (let i = 0; i < 16; i++) {
      const deps = [
        "import { hub } from './hub';",
        ...(i % 3 === 0 ? Array.from({ length: i }, (_, j) => `import './f${j}';`) : []),
      ];
      files[`src/f${i}.ts`] = deps.join('\n');
    }
    project = createTempProject(files);
    const report = await analyzeArchitecture(project.root, { cache: false });
    const graph = await buildImportGraph(project.root, { cache: false });
    const expected = [...computeFileCoupling(internalAdjacency(graph)).entries()]
      .map(([file, m]) => ({ file, ...m }))
      .sort((a, b) => b.afferent + b.efferent - (a.afferent + a.efferent) || (a.file < b.file ? -1 : 1))
      .slice(0, 10);
    expect(report.couplingHotspots).toEqual(expected);
    expect(report.couplingHotspots.slice(0, 2).map((h) => h.file)).toEqual(['src/f15.ts', 'src/hub.ts']); // 16 each: tie by path
  });
});

describe('analyzeArchitecture component warnings', () => {
  const files = {
    'src/ui/page.ts': "import { r } from '../data/repo';",
    'src/ui/admin/panel.ts': "import { r } from '../../data/repo';",
    'src/data/repo.ts': 'export const r = 1;',
  };
  const yaml = (overlap?: string): string =>
    [
      'components:',
      '  - { name: UI, paths: ["src/ui/**"] }',
      '  - { name: Admin, paths: ["src/ui/admin/**"] }',
      '  - { name: Data, paths: ["src/data/**"] }',
      '  - { name: Legacy, paths: ["src/legacy/**"] }',
      'rules:',
      '  - { id: admin-no-data, type: MUST_NOT_CALL, component: Admin, targets: [Data], severity: blocking }',
      '  - { id: legacy-no-ui, type: MUST_NOT_CALL, component: Legacy, targets: [UI], severity: blocking }',
      ...(overlap !== undefined ? ['options:', `  componentOverlap: ${overlap}`] : []),
    ].join('\n');

  it('names components that match no file and files claimed by several components, whose rules would pass by mistake', async () => {
    project = createTempProject(files);
    const report = await analyzeArchitecture(project.root, { cache: false, rules: parseArchitectureRules(yaml()) });
    expect(report.componentWarnings).toEqual([
      'empty: component Admin (src/ui/admin/**) has no file: its files all belong to an earlier component; rule(s) admin-no-data check nothing',
      'empty: component Legacy (src/legacy/**) has no file matching its paths; rule(s) legacy-no-ui check nothing',
      'overlap: 1 file(s) match both UI and Admin; they belong to UI (the first listed) (src/ui/admin/panel.ts); set options.componentOverlap: error to fail on this',
    ]);
    expect(report.compliant).toBe(true);
  });

  it('fails the analysis on an overlap when the rules ask for it', async () => {
    project = createTempProject(files);
    const report = await analyzeArchitecture(project.root, {
      cache: false,
      rules: parseArchitectureRules(yaml('error')),
    });
    expect(report.compliant).toBe(false);
    expect(report.componentWarnings.at(-1)).toContain('options.componentOverlap is error: not compliant');
  });
});
