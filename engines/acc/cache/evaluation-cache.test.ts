import { appendFileSync, existsSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { analyzeArchitecture } from '../analyze-architecture.js';
import { EDGE_STORE_FILE_NAME } from './edge-store.js';
import { EVALUATION_CACHE_FILE_NAME } from './evaluation-cache.js';
import { parseArchitectureRules } from '../rules/index.js';
import { createTempProject, reportVerdict, THREE_LAYER_RULES_YAML, type TempProject } from '../test-support.js';

let project: TempProject | undefined;
afterEach(() => project?.dispose());

// ui -> domain -> data is allowed; data/repo-3 -> ui/view-0 is an upward violation; domain 0 <-> 1 is a cycle.
const FILES: Record<string, string> = {};
for (let i = 0; i < 4; i++) {
  FILES[`src/ui/view-${i}.ts`] = `import { d } from '../domain/service-${i}';\nexport const v${i} = d;\n`;
  FILES[`src/domain/service-${i}.ts`] =
    `import { r } from '../data/repo-${i}';\nimport { s } from './service-${i ^ 1}';\nexport const d = r + s;\n`;
  FILES[`src/data/repo-${i}.ts`] =
    i === 3 ? "import { v0 } from '../ui/view-0';\nexport const r = v0;\n" : 'export const r = 1;\n';
}
const RULES = THREE_LAYER_RULES_YAML;
const SUPPRESSION = `suppressions:
  - { rule: data-not-up, from: "src/data/repo-3.ts", justification: "legacy bridge, ticket 12", expires: 2030-01-01 }
`;
const BEFORE_EXPIRY = Date.parse('2030-01-01T12:00:00Z');
const AFTER_EXPIRY = Date.parse('2030-01-02T00:00:01Z');

function makeProject(): TempProject {
  const p = createTempProject(FILES);
  // Written "now", every file would be racily clean for the first run; age them like a real checkout.
  const hourAgo = (Date.now() - 3_600_000) / 1000;
  for (const path of Object.keys(FILES)) utimesSync(join(p.root, path), hourAgo, hourAgo);
  return p;
}

const verdict = reportVerdict;

describe('analyzeArchitecture evaluation cache', () => {
  const rules = parseArchitectureRules(RULES);

  it('reuses the evaluation when only file contents changed, and the reused report equals an uncached one', async () => {
    project = makeProject();
    const first = await analyzeArchitecture(project.root, { rules });
    expect(first.counters).toMatchObject({ evaluationsComputed: 1, evaluationsReused: 0, filesParsed: 12 });
    expect(first.violations.map((v) => v.ruleId)).toEqual(['data-not-up', 'domain-acyclic', 'domain-acyclic']);

    appendFileSync(
      join(project.root, 'src/domain/service-2.ts'),
      '\n// reviewed: no behaviour change\nexport const note = 1;\n',
    );
    const second = await analyzeArchitecture(project.root, { rules });
    expect(second.counters).toMatchObject({
      evaluationsComputed: 0,
      evaluationsReused: 1,
      filesParsed: 1,
      cacheHits: 11,
    });
    const uncached = await analyzeArchitecture(project.root, { rules, cache: false });
    expect(uncached.counters).toMatchObject({ evaluationsComputed: 1, evaluationsReused: 0 });
    expect(verdict(second)).toEqual(verdict(uncached));
    // Same keys in the same order as computed violations (JSON drops undefined fields; the cache restores them).
    expect(JSON.stringify(second.violations)).toBe(JSON.stringify(uncached.violations));
    expect(Object.keys(second.violations[0] ?? {})).toEqual(Object.keys(uncached.violations[0] ?? {}));
  });

  it('does not need the edge store for a content-only edit, and rebuilds it when the graph changes', async () => {
    project = makeProject();
    await analyzeArchitecture(project.root, { rules });
    const store = join(project.root, '.maestro-cache', EDGE_STORE_FILE_NAME);
    rmSync(store);
    appendFileSync(join(project.root, 'src/ui/view-1.ts'), '\nexport const touched = true;\n');
    const reused = await analyzeArchitecture(project.root, { rules });
    expect(reused.counters).toMatchObject({ evaluationsReused: 1, filesScanned: 1, filesParsed: 1 });
    expect(existsSync(store)).toBe(false);

    writeFileSync(join(project.root, 'src/ui/view-2.ts'), "import { d } from '../domain/service-1';\n");
    const changed = await analyzeArchitecture(project.root, { rules });
    expect(changed.counters.evaluationsComputed).toBe(1);
    // The graph needs every file's edges; with the store gone each file is read again, never guessed.
    expect(changed.counters.filesParsed).toBe(12);
    expect(existsSync(store)).toBe(true);
    expect(verdict({ ...changed, notes: [] })).toEqual(
      verdict(await analyzeArchitecture(project.root, { rules, cache: false })),
    );
  });

  it('recomputes when an edit changes the graph, and matches an uncached run', async () => {
    project = makeProject();
    await analyzeArchitecture(project.root, { rules });
    // A new upward import: one more violation, and a new cycle data/repo-1 -> ui/view-1 -> domain -> data/repo-1.
    writeFileSync(
      join(project.root, 'src/data/repo-1.ts'),
      "import { v1 } from '../ui/view-1';\nexport const r = v1;\n",
    );
    const second = await analyzeArchitecture(project.root, { rules });
    expect(second.counters).toMatchObject({ evaluationsComputed: 1, evaluationsReused: 0, filesParsed: 1 });
    expect(second.violations.filter((v) => v.ruleId === 'data-not-up').map((v) => v.sourceFile)).toEqual([
      'src/data/repo-1.ts',
      'src/data/repo-3.ts',
    ]);
    expect(verdict(second)).toEqual(verdict(await analyzeArchitecture(project.root, { rules, cache: false })));
  });

  it('recomputes when only the line of an import moves, since violations report lines', async () => {
    project = makeProject();
    const first = await analyzeArchitecture(project.root, { rules });
    writeFileSync(
      join(project.root, 'src/data/repo-3.ts'),
      "// moved down\n\nimport { v0 } from '../ui/view-0';\nexport const r = v0;\n",
    );
    const second = await analyzeArchitecture(project.root, { rules });
    expect(second.counters.evaluationsComputed).toBe(1);
    expect(first.violations[0]?.line).toBe(1);
    expect(second.violations[0]?.line).toBe(3);
  });

  it('recomputes when the rules or maxCycles change', async () => {
    project = makeProject();
    await analyzeArchitecture(project.root, { rules });
    const relaxed = parseArchitectureRules(RULES.replace('targets: [UI, Domain]', 'targets: [Domain]'));
    const second = await analyzeArchitecture(project.root, { rules: relaxed });
    expect(second.counters.evaluationsComputed).toBe(1);
    expect(second.violations.map((v) => v.ruleId)).toEqual(['domain-acyclic', 'domain-acyclic']);
    expect(verdict(second)).toEqual(verdict(await analyzeArchitecture(project.root, { rules: relaxed, cache: false })));

    const third = await analyzeArchitecture(project.root, { rules: relaxed, maxCycles: 1 });
    expect(third.counters.evaluationsComputed).toBe(1);
    expect(third.cycles.truncated).toBe(true);
    expect((await analyzeArchitecture(project.root, { rules: relaxed, maxCycles: 1 })).counters.evaluationsReused).toBe(
      1,
    );
  });

  it('reuses across time until a suppression expires, then recomputes', async () => {
    project = makeProject();
    const suppressed = parseArchitectureRules(RULES + SUPPRESSION);
    const first = await analyzeArchitecture(project.root, { rules: suppressed, now: () => BEFORE_EXPIRY });
    expect(first.suppressed.map((v) => v.sourceFile)).toEqual(['src/data/repo-3.ts']);
    const later = await analyzeArchitecture(project.root, { rules: suppressed, now: () => BEFORE_EXPIRY + 3_600_000 });
    expect(later.counters.evaluationsReused).toBe(1);
    expect(later.suppressed).toEqual(first.suppressed);

    const expired = await analyzeArchitecture(project.root, { rules: suppressed, now: () => AFTER_EXPIRY });
    expect(expired.counters.evaluationsComputed).toBe(1);
    expect(expired.suppressed).toEqual([]);
    expect(expired.violations.map((v) => v.sourceFile)).toContain('src/data/repo-3.ts');
    expect(expired.notes).toContain(
      'suppression of data-not-up for src/data/repo-3.ts expired on 2030-01-01; its violations count again',
    );
  });

  it('discards a corrupt evaluation cache with a warning and recomputes', async () => {
    project = makeProject();
    const first = await analyzeArchitecture(project.root, { rules });
    const file = join(project.root, '.maestro-cache', EVALUATION_CACHE_FILE_NAME);
    for (const damage of [
      '{"format":"maestro-acc-evaluation-v1","key":',
      '{"format":"maestro-acc-evaluation-v1","key":"k","outcome":{"violations":[{}]}}',
    ]) {
      writeFileSync(file, damage);
      const report = await analyzeArchitecture(project.root, { rules });
      expect(report.counters).toMatchObject({ evaluationsComputed: 1, evaluationsReused: 0 });
      expect(report.notes.some((n) => n.startsWith('corrupt evaluation cache discarded'))).toBe(true);
      expect(verdict({ ...report, notes: [] })).toEqual(verdict({ ...first, notes: [] }));
    }
    const healed = await analyzeArchitecture(project.root, { rules });
    expect(healed.counters.evaluationsReused).toBe(1);
    expect(healed.notes).toEqual([]);
  });

  it('never reads or writes the evaluation cache with the cache off', async () => {
    project = makeProject();
    const a = await analyzeArchitecture(project.root, { rules, cache: false });
    const b = await analyzeArchitecture(project.root, { rules, cache: false });
    expect([a.counters.evaluationsComputed, b.counters.evaluationsComputed]).toEqual([1, 1]);
  });
});
