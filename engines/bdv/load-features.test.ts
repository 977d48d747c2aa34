import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BdvError, createStepRegistry, formatParseProblem, loadFeatures, runPickles } from './index.js';

describe('loadFeatures', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'bdv-load-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports a malformed file with file:line:column and still runs the other files', async () => {
    await mkdir(path.join(dir, 'features', 'nested'), { recursive: true });
    await writeFile(path.join(dir, 'features', 'good.feature'), 'Feature: Good\n  Scenario: one\n    Given ok\n');
    await writeFile(
      path.join(dir, 'features', 'nested', 'also-good.feature'),
      'Feature: Also\n  Scenario: two\n    Given ok\n',
    );
    await writeFile(
      path.join(dir, 'features', 'bad.feature'),
      'Feature: Bad\n  Scenario: broken table\n    Given ok\n      | a | b |\n      | 1 |\n  Scenario: fine\n    Given ok\n',
    );
    await writeFile(path.join(dir, 'features', 'notes.txt'), 'not a feature');
    const features = await loadFeatures(['features'], { cwd: dir });
    expect(features.features.map((f) => f.uri)).toEqual(['features/good.feature', 'features/nested/also-good.feature']);
    expect(features.parseErrors).toHaveLength(1);
    const problem = features.parseErrors[0];
    expect(problem).toMatchObject({ uri: 'features/bad.feature', line: 5, column: 7 });
    expect(formatParseProblem(problem!)).toMatch(/^features\/bad\.feature:5:7 inconsistent cell count/);

    const registry = createStepRegistry();
    registry.api.Given('ok', () => undefined);
    const report = await runPickles(features, { registry });
    expect(report.scenarios.map((s) => s.name)).toEqual(['one', 'two']);
    expect(report.counts.scenarios.passed).toBe(2);
    expect(report.status).toBe('failed');
  });

  it('reports unknown languages and bad keywords as parse errors with their location', async () => {
    await writeFile(path.join(dir, 'lang.feature'), '# language: xx\nFeature: X\n');
    await writeFile(
      path.join(dir, 'junk.feature'),
      'Feature: J\n  Scenario: s\n    Given ok\n  Oops this is not gherkin\n',
    );
    const features = await loadFeatures(['lang.feature', 'junk.feature'], { cwd: dir });
    expect(features.parseErrors.map((p) => `${p.uri}:${p.line}`)).toEqual(['lang.feature:1', 'junk.feature:4']);
    expect(features.parseErrors[0]?.message).toContain('Language not supported: xx');
    expect(features.pickles).toHaveLength(0);
  });

  it('throws a BDV_FEATURE_READ error for a path that does not exist', async () => {
    const error = await loadFeatures(['missing'], { cwd: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BdvError);
    expect((error as BdvError).code).toBe('BDV_FEATURE_READ');
    expect((error as Error).message).toContain('missing');
  });
});
