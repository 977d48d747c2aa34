import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { analyzeArchitecture, loadArchitectureRules, type ArchitectureReport } from '../../engines/acc/index.js';

// The dogfood check: this repository's own layering (maestro.architecture.yaml) enforced by our own engine.
const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
const RULES_FILE = join(REPO_ROOT, 'maestro.architecture.yaml');

function blocking(report: ArchitectureReport): string[] {
  return report.violations.filter((v) => v.severity === 'blocking').map((v) => `${v.ruleId}: ${v.message}`);
}

describe('repository layering (e2e -> harness -> engines)', () => {
  it('has no blocking violation', async () => {
    const report = await analyzeArchitecture(REPO_ROOT, { rules: loadArchitectureRules(RULES_FILE), cache: false });
    // The check must actually see the code: every layer is mapped and imports were resolved.
    const files = new Map(report.components.map((c) => [c.name, c.files]));
    expect(files.get('Engines')).toBeGreaterThan(10);
    expect(files.get('Harness')).toBeGreaterThan(0);
    expect(report.counters.internalEdges).toBeGreaterThan(50);
    expect(blocking(report)).toEqual([]);
  });
});

describe('the layering check fails on a violation', () => {
  let temp: string | undefined;
  afterEach(() => {
    if (temp !== undefined) rmSync(temp, { recursive: true, force: true });
  });

  function copyOfRepoSlice(): string {
    temp = mkdtempSync(join(tmpdir(), 'maestro-layering-'));
    for (const path of ['engines/acc', 'engines/gaps', 'harness/cli/analyze-command.ts', 'maestro.architecture.yaml']) {
      mkdirSync(dirname(join(temp, path)), { recursive: true });
      cpSync(join(REPO_ROOT, path), join(temp, path), { recursive: true });
    }
    return temp;
  }

  it('accepts the clean copy, then reports each injected violation by rule', async () => {
    const root = copyOfRepoSlice();
    const rules = loadArchitectureRules(join(root, 'maestro.architecture.yaml'));
    const clean = await analyzeArchitecture(root, { rules, cache: false });
    expect(clean.components.find((c) => c.name === 'Engines')?.files).toBeGreaterThan(10);
    expect(blocking(clean)).toEqual([]);

    // An engine reaching up into the harness, another engine reaching past an index, the harness importing a spec,
    // and one of ACC's stages reached past its door.
    appendFileSync(join(root, 'engines/gaps/thresholds.ts'), "\nimport '../../harness/cli/analyze-command.js';\n");
    appendFileSync(join(root, 'engines/gaps/types.ts'), "\nexport type { AccErrorCode } from '../acc/errors.js';\n");
    appendFileSync(
      join(root, 'engines/acc/analyze-architecture.ts'),
      "\nexport { walkProject } from './scan/walk-project.js';\n",
    );
    mkdirSync(join(root, 'e2e'), { recursive: true });
    appendFileSync(join(root, 'e2e/spec-helper.ts'), 'export const helper = 1;\n');
    appendFileSync(
      join(root, 'harness/cli/analyze-command.ts'),
      "\nimport { helper } from '../../e2e/spec-helper.js';\nvoid helper;\n",
    );

    const broken = await analyzeArchitecture(root, { rules, cache: false });
    // The upward imports also close import cycles (the harness already imports that engine), which the
    // no-cycles rules report as well.
    expect([...new Set(blocking(broken).map((m) => m.split(':')[0]))]).toEqual([
      'engines-self-contained',
      'harness-calls-down',
      'engine-public-entry',
      'acc-stage-doors',
      'engines-acyclic',
      'harness-acyclic',
    ]);
    const layering = broken.violations.filter((v) => v.severity === 'blocking' && v.ruleType !== 'NO_CYCLES');
    expect(layering.map((v) => [v.sourceFile, v.targetFile])).toEqual([
      ['engines/gaps/thresholds.ts', 'harness/cli/analyze-command.ts'],
      ['harness/cli/analyze-command.ts', 'e2e/spec-helper.ts'],
      ['engines/gaps/types.ts', 'engines/acc/errors.ts'],
      ['engines/acc/analyze-architecture.ts', 'engines/acc/scan/walk-project.ts'],
    ]);
    expect(broken.compliant).toBe(false);
  });
});
