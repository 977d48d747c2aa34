import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  QuarantineFileError,
  classifyScenario,
  createFeatureSet,
  createStepRegistry,
  detectFlakes,
  emptyQuarantine,
  flakeRate,
  quarantinedKeys,
  readQuarantineFile,
  runPickles,
  writeQuarantineFile,
} from './index.js';

const FEATURE = `Feature: Flakes
  Scenario: stable
    Given it passes
  Scenario: flaky
    Given it passes every other time
  Scenario: broken
    Given it fails
`;

function flakyRegistry() {
  const registry = createStepRegistry();
  let calls = 0;
  registry.api.Given('it passes', () => undefined);
  registry.api.Given('it passes every other time', () => {
    if (calls++ % 2 === 1) throw new Error('flaked');
  });
  registry.api.Given('it fails', () => {
    throw new Error('always');
  });
  return registry;
}

describe('flake classification', () => {
  it('computes the flake rate 2p(1-p)', () => {
    expect(flakeRate(0)).toBe(0);
    expect(flakeRate(1)).toBe(0);
    expect(flakeRate(0.5)).toBe(0.5);
    expect(flakeRate(0.9)).toBeCloseTo(0.18);
  });

  it('classifies by pass count, threshold and quarantine', () => {
    expect(classifyScenario(5, 5, { quarantined: false })).toBe('STABLE');
    expect(classifyScenario(0, 5, { quarantined: false })).toBe('CONSISTENTLY_FAILING');
    expect(classifyScenario(3, 5, { quarantined: false })).toBe('FLAKY');
    // 19/20 passes: rate 0.095, under a 0.1 threshold.
    expect(classifyScenario(19, 20, { quarantined: false, threshold: 0.1 })).toBe('STABLE');
    expect(classifyScenario(5, 5, { quarantined: true })).toBe('QUARANTINED');
  });
});

describe('detectFlakes and the quarantine file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'bdv-flake-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('classifies repeated runs, quarantines the flaky scenario, and a later run honours the file', async () => {
    const features = createFeatureSet({ 'f.feature': FEATURE });
    const registry = flakyRegistry();
    const file = path.join(dir, 'state', 'quarantine.json');
    const flakes = await detectFlakes(features, {
      registry,
      runs: 4,
      quarantine: await readQuarantineFile(file),
      now: () => new Date('2030-01-01T00:00:00Z'),
    });
    const byName = Object.fromEntries(flakes.verdicts.map((v) => [v.name, v]));
    expect(byName['stable']?.classification).toBe('STABLE');
    expect(byName['flaky']).toMatchObject({ classification: 'FLAKY', runs: 4, passed: 2, flakeRate: 0.5 });
    expect(byName['broken']?.classification).toBe('CONSISTENTLY_FAILING');
    expect(flakes.counts).toEqual({ STABLE: 1, FLAKY: 1, CONSISTENTLY_FAILING: 1, QUARANTINED: 0 });

    await writeQuarantineFile(file, flakes.quarantine);
    const stored = await readQuarantineFile(file);
    const flakyKey = byName['flaky']?.key as string;
    expect(quarantinedKeys(stored)).toEqual(new Set([flakyKey]));
    expect(stored.scenarios[flakyKey]?.history).toEqual([
      { at: '2030-01-01T00:00:00.000Z', runs: 4, passed: 2, flakeRate: 0.5, classification: 'FLAKY' },
    ]);
    expect(await readdir(path.dirname(file))).toEqual(['quarantine.json']);

    // A later run where the flaky scenario fails: the quarantine keeps the run green.
    const onlyFlaky = createFeatureSet({ 'f.feature': FEATURE.replace(/ {2}Scenario: broken[\s\S]*$/, '') });
    const failingNow = createStepRegistry();
    failingNow.api.Given('it passes', () => undefined);
    failingNow.api.Given('it passes every other time', () => {
      throw new Error('flaked again');
    });
    const honoured = await runPickles(onlyFlaky, { registry: failingNow, quarantine: quarantinedKeys(stored) });
    expect(honoured.scenarios.find((s) => s.name === 'flaky')).toMatchObject({ status: 'failed', quarantined: true });
    expect(honoured.status).toBe('passed');
    expect((await runPickles(onlyFlaky, { registry: failingNow })).status).toBe('failed');

    // A quarantined scenario stays QUARANTINED in the next detection and gains history.
    const again = await detectFlakes(features, { registry, runs: 2, quarantine: stored });
    const flakyAgain = again.verdicts.find((v) => v.key === flakyKey);
    expect(flakyAgain?.classification).toBe('QUARANTINED');
    expect(again.quarantine.scenarios[flakyKey]?.history).toHaveLength(2);
    expect(again.quarantine.scenarios[flakyKey]?.since).toBe('2030-01-01T00:00:00.000Z');
  });

  it('releases a quarantined scenario after enough all-green detections', async () => {
    const features = createFeatureSet({ 'f.feature': 'Feature: F\n  Scenario: healed\n    Given it passes\n' });
    const registry = flakyRegistry();
    const key = features.pickles[0]?.key as string;
    let quarantine = {
      ...emptyQuarantine(),
      scenarios: {
        [key]: {
          key,
          uri: 'f.feature',
          name: 'healed',
          quarantined: true,
          since: 'then',
          reason: 'was flaky',
          history: [],
        },
      },
    };
    const classifications: string[] = [];
    for (let i = 0; i < 3; i++) {
      const flakes = await detectFlakes(features, { registry, runs: 2, quarantine, releaseAfterStableDetections: 2 });
      classifications.push(flakes.verdicts[0]?.classification ?? '');
      quarantine = flakes.quarantine as typeof quarantine;
    }
    expect(classifications).toEqual(['QUARANTINED', 'STABLE', 'STABLE']);
    expect(quarantine.scenarios[key]?.quarantined).toBe(false);
    expect(quarantine.scenarios[key]?.history).toHaveLength(3);
  });

  it('reports a corrupt quarantine file with its name, and treats a missing one as empty', async () => {
    const corrupt = path.join(dir, 'corrupt.json');
    await writeFile(corrupt, '{"version": 1, "scenarios": ');
    const error = await readQuarantineFile(corrupt).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuarantineFileError);
    expect((error as Error).message).toContain(corrupt);
    expect((error as QuarantineFileError).code).toBe('BDV_QUARANTINE_FILE');

    const wrongShape = path.join(dir, 'shape.json');
    await writeFile(wrongShape, JSON.stringify({ version: 1, updatedAt: 'x', scenarios: { a: { key: 'b' } } }));
    await expect(readQuarantineFile(wrongShape)).rejects.toThrow(/shape\.json: scenarios\["a"\]\.key must equal/);

    expect(await readQuarantineFile(path.join(dir, 'absent.json'))).toEqual(emptyQuarantine());
  });

  it('writes atomically: a failed write leaves the previous file intact and no temp file behind', async () => {
    const file = path.join(dir, 'q.json');
    await writeQuarantineFile(file, emptyQuarantine());
    const before = await readFile(file, 'utf8');
    const cyclic: Record<string, unknown> = { version: 1 };
    cyclic['self'] = cyclic;
    await expect(writeQuarantineFile(file, cyclic as never)).rejects.toBeInstanceOf(QuarantineFileError);
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(await readdir(dir)).toEqual(['q.json']);
  });
});
