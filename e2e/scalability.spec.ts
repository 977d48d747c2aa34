import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildImportGraph, openAnalysisSession, type ImportGraph } from '../engines/acc/index.js';
import { loadFeatures, runPickles, type RunReport } from '../engines/bdv/index.js';
import { expect, scaled, test } from '../harness/index.js';
import { ageTree, mutateFiles, writeFeatureSuite, writeLayeredCodebase, type FeatureSuiteManifest, type LayeredCodebaseManifest } from '../harness/loads/index.js';
import {
  diffEdgeSets, fitPowerLaw, graphEdgePairs, manifestEdgePairs, registerVocabularySteps, renderScalingSvg, type ScalingPoint,
} from '../harness/workloads/index.js';
import { attachJson, attachSvg } from './support/attach-json.js';
import { describeFeature } from './support/stress-feature.js';

const TAGS = ['@e2e', '@performance', '@scalability'];
const SEED_BUDGETS = { maxDurationMs: 5 * 60_000, maxPeakRssMb: 1024 } as const;
/**
 * "Linear or sub-linear" with room for noise: a linear engine fits k ≈ 1 (fixed per-run costs pull it below 1
 * at small sizes), a quadratic one k ≈ 2. 1.3 flags super-linear growth without failing on a loaded CI box.
 */
const MAX_EXPONENT = 1.3;

/** Distinct sizes after scaling, never below `floor`, in increasing order. */
function sizesFor(base: readonly number[], scale: number, floor: number): number[] {
  return [...new Set(base.map((n) => Math.max(floor, scaled(n, scale))))].sort((a, b) => a - b);
}

/** Runs `work` `repeats` times and keeps the fastest: the least disturbed by other processes on shared cores. */
async function fastestOf<T>(repeats: number, work: () => Promise<T>): Promise<{ ms: number; all: number[]; value: T }> {
  const all: number[] = [];
  let value: T | undefined;
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    value = await work();
    all.push(performance.now() - start);
  }
  return { ms: Math.min(...all), all, value: value as T };
}

describeFeature('Scalability', 'Code base growth', 'normal', () => {
  test('E2E-110: analysis time grows linearly or better from 100 to 5,000 files', { tag: TAGS }, async ({ perf, seed, scale, workspace }) => {
    const sizes = sizesFor([100, 500, 1000, 2500, 5000], scale, 16);
    expect(sizes.length).toBeGreaterThanOrEqual(4);
    const manifests: LayeredCodebaseManifest[] = [];
    for (const size of sizes) manifests.push(await writeLayeredCodebase(join(workspace, `code-${size}`), { files: size, seed: seed + size }));
    perf.setBudgets({ ...SEED_BUDGETS, minCounters: { filesParsed: sizes.reduce((a, b) => a + b, 0) * 2 } });

    // Warm-up outside the measurement, so the first size does not pay for JIT compilation.
    await buildImportGraph((manifests[0] as LayeredCodebaseManifest).root, { cache: false });
    const rows: { size: number; ms: number; runsMs: number[]; filesParsed: number; edges: number; expectedEdges: number; bytesRead: number }[] = [];
    for (const manifest of manifests) {
      const measured = await fastestOf(2, () => perf.time(() => buildImportGraph(manifest.root, { cache: false })));
      const graph: ImportGraph = measured.value;
      const edges = diffEdgeSets(manifestEdgePairs(manifest), graphEdgePairs(graph));
      perf.count('filesParsed', graph.counters.filesParsed * 2);
      perf.count('edgesFound', graph.counters.internalEdges);
      perf.addItems(graph.counters.filesParsed);
      rows.push({
        size: manifest.sourceFiles.length, ms: measured.ms, runsMs: measured.all, filesParsed: graph.counters.filesParsed,
        edges: graphEdgePairs(graph).length, expectedEdges: manifestEdgePairs(manifest).length, bytesRead: graph.counters.bytesRead,
      });
      expect(edges).toEqual({ missing: [], unexpected: [] });
    }
    const points: ScalingPoint[] = rows.map((r) => ({ size: r.size, ms: r.ms }));
    const fit = fitPowerLaw(points);
    await attachJson('scaling.json', { metric: 'buildImportGraph wall time (fastest of 2)', fit, maxExponent: MAX_EXPONENT, rows });
    await attachSvg('scaling.svg', renderScalingSvg(points, fit, { title: 'E2E-110 import graph', sizeLabel: 'source files' }));

    // Work scales exactly with size: every file parsed once per run, every generated edge found.
    expect(rows.map((r) => r.filesParsed)).toEqual(sizes);
    expect(rows.map((r) => r.edges)).toEqual(rows.map((r) => r.expectedEdges));
    expect(fit.exponent).toBeLessThan(MAX_EXPONENT);
  });
});

describeFeature('Scalability', 'Test suite growth', 'normal', () => {
  test('E2E-111: BDV run time grows linearly or better from 100 to 1,000 scenarios', { tag: TAGS }, async ({ perf, seed, scale, workspace }) => {
    const sizes = sizesFor([100, 250, 500, 1000], scale, 10);
    expect(sizes.length).toBeGreaterThanOrEqual(4);
    const suites: FeatureSuiteManifest[] = [];
    for (const size of sizes) suites.push(await writeFeatureSuite(join(workspace, `features-${size}`), { scenarios: size, seed: seed + size }));
    perf.setBudgets({ ...SEED_BUDGETS, minCounters: { scenariosRun: sizes.reduce((a, b) => a + b, 0) * 3 } });

    const runSuite = async (suite: FeatureSuiteManifest, steps: ReturnType<typeof registerVocabularySteps>): Promise<RunReport> =>
      runPickles(await loadFeatures([suite.root]), { registry: steps.registry });
    const warmUp = registerVocabularySteps();
    await runSuite(suites[0] as FeatureSuiteManifest, warmUp);

    const rows: { size: number; ms: number; runsMs: number[]; scenarios: number; passed: number; stepsReported: number; stepCalls: number; expectedSteps: number }[] = [];
    for (const suite of suites) {
      const steps = registerVocabularySteps();
      const measured = await fastestOf(3, () => perf.time(() => runSuite(suite, steps)));
      const report = measured.value;
      const stepsReported = Object.values(report.counts.steps).reduce((a, b) => a + b, 0);
      perf.count('scenariosRun', report.scenarios.length * 3);
      perf.addItems(report.scenarios.length * 3);
      rows.push({
        size: suite.pickles, ms: measured.ms, runsMs: measured.all, scenarios: report.scenarios.length, passed: report.counts.scenarios.passed,
        stepsReported, stepCalls: steps.invocations() / 3, expectedSteps: suite.steps,
      });
    }
    const points: ScalingPoint[] = rows.map((r) => ({ size: r.size, ms: r.ms }));
    const fit = fitPowerLaw(points);
    await attachJson('scaling.json', { metric: 'loadFeatures + runPickles wall time (fastest of 3)', fit, maxExponent: MAX_EXPONENT, rows });
    await attachSvg('scaling.svg', renderScalingSvg(points, fit, { title: 'E2E-111 BDV run', sizeLabel: 'scenarios' }));

    expect(rows.map((r) => r.scenarios)).toEqual(sizes);
    expect(rows.map((r) => r.passed)).toEqual(sizes);
    // Every step of every scenario reported and really called, at every size.
    expect(rows.map((r) => r.stepsReported)).toEqual(rows.map((r) => r.expectedSteps));
    expect(rows.map((r) => r.stepCalls)).toEqual(rows.map((r) => r.expectedSteps));
    expect(fit.exponent).toBeLessThan(MAX_EXPONENT);
  });
});

describeFeature('Scalability', 'Incremental processing', 'normal', () => {
  test('E2E-112: after changing 10 files, a second analysis re-parses exactly those 10 and is much faster', { tag: TAGS }, async ({ perf, seed, scale, workspace }) => {
    // At least the seed's 1,000 files even when scaled down: below that the fixed cost of a pass (loading the
    // cache, walking the folders) dominates and the time ratio stops saying anything about incrementality.
    const files = Math.max(1000, scaled(1000, scale));
    const changed = 10;
    const manifest = await writeLayeredCodebase(join(workspace, 'code'), { files, seed });
    perf.setBudgets({ ...SEED_BUDGETS, minCounters: { firstPassParsed: files * 3, cacheHits: (files - changed) * 3 } });
    // Written just now, every file is racily clean for the first pass, and the second would read them all again
    // (as it must: their stats cannot be trusted). A checkout made an hour ago shows the edit alone.
    await ageTree(manifest.root, 3_600_000);

    // Warm-up on another tree so the first measured pass is not also paying for JIT compilation.
    const warm = await writeLayeredCodebase(join(workspace, 'warm-up'), { files: 100, seed: seed + 1 });
    await buildImportGraph(warm.root, { cacheDir: join(workspace, 'warm-cache') });

    // Three caches, so each pass is measured three times and the fastest run is kept: at 1,000 files a pass takes
    // tens of milliseconds, and one noisy measurement on a loaded machine should not decide the ratio.
    const caches = ['cache-a', 'cache-b', 'cache-c'].map((name) => join(workspace, name));
    const timedPass = async (dir: string): Promise<{ ms: number; graph: ImportGraph }> => {
      const start = performance.now();
      const graph = await perf.time(() => buildImportGraph(manifest.root, { cacheDir: dir }));
      return { ms: performance.now() - start, graph };
    };
    const timedPasses = async (): Promise<{ ms: number; graph: ImportGraph }[]> => {
      const passes: { ms: number; graph: ImportGraph }[] = [];
      for (const cache of caches) passes.push(await timedPass(cache));
      return passes;
    };
    const firstPasses = await timedPasses();
    // An analysis session (what `maestro analyze --watch` keeps open) learns from its file watcher what changed.
    // It starts after the cached passes' first runs, so that its own first analysis does not warm them up.
    const session = openAnalysisSession(manifest.root, { cacheDir: join(workspace, 'cache-session') });
    try {
      const sessionStart = performance.now();
      await perf.time(() => session.analyze());
      const sessionFirstMs = performance.now() - sessionStart;
      const mutation = await mutateFiles(manifest.root, manifest, changed, seed);
      const secondPasses = await timedPasses();
      const sessionSecondStart = performance.now();
      const sessionSecond = await perf.time(() => session.analyze());
      const sessionSecondMs = performance.now() - sessionSecondStart;
      const firstMs = Math.min(...firstPasses.map((p) => p.ms));
      const secondMs = Math.min(...secondPasses.map((p) => p.ms));
      const first = (firstPasses[0] as { graph: ImportGraph }).graph;
      const second = (secondPasses[0] as { graph: ImportGraph }).graph;
      const ratio = secondMs / firstMs;
      const sessionRatio = sessionSecondMs / sessionFirstMs;

      for (const pass of firstPasses) perf.count('firstPassParsed', pass.graph.counters.filesParsed);
      for (const pass of secondPasses) {
        perf.count('secondPassParsed', pass.graph.counters.filesParsed);
        perf.count('secondPassScanned', pass.graph.counters.filesScanned);
        perf.count('cacheHits', pass.graph.counters.cacheHits);
      }
      perf.addItems(files * 3 + changed * 3);
      await attachJson('incremental.json', {
        files,
        changedFiles: mutation.changedFiles,
        first: { ms: firstMs, runsMs: firstPasses.map((p) => p.ms), counters: firstPasses.map((p) => p.graph.counters) },
        second: { ms: secondMs, runsMs: secondPasses.map((p) => p.ms), counters: secondPasses.map((p) => p.graph.counters) },
        timeRatio: ratio,
        session: { firstMs: sessionFirstMs, secondMs: sessionSecondMs, timeRatio: sessionRatio, counters: sessionSecond.counters },
        note: 'asserted here: < 0.5 for a cached pass, < 0.25 for a session re-analysis; the goal of 1/10 at 5,000 files is ' +
          'judged by `npm run bench` (incremental workloads), side by side on a quiet machine',
      });

      for (const pass of firstPasses) expect(pass.graph.counters).toMatchObject({ filesParsed: files, cacheHits: 0 });
      // Exactly the changed files are read and lexed again; every other file's imports come from the cache.
      for (const pass of secondPasses) expect(pass.graph.counters).toMatchObject({ filesScanned: changed, filesParsed: changed, cacheHits: files - changed });
      // The appended code adds no import, so the graph is unchanged and still matches the generator's edges.
      expect(diffEdgeSets(manifestEdgePairs(manifest), graphEdgePairs(second))).toEqual({ missing: [], unexpected: [] });
      expect(graphEdgePairs(second)).toEqual(graphEdgePairs(first));
      expect(ratio).toBeLessThan(0.5);
      // The session reads the changed files again, and lists no folder.
      expect(sessionSecond.counters).toMatchObject({ filesScanned: changed, filesParsed: changed, foldersListed: 0 });
      expect(sessionRatio).toBeLessThan(0.25);
    } finally {
      session.close();
    }
  });
});
