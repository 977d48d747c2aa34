import { mkdtemp, rm, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { buildImportGraph, openAnalysisSession, type ImportGraph } from '../engines/acc/index.js';
import { loadFeatures, runPickles, type RunReport } from '../engines/bdv/index.js';
import { expect, scaled, test } from '../harness/index.js';
import {
  ageTree,
  mutateFiles,
  writeFeatureSuite,
  writeLayeredCodebase,
  type FeatureSuiteManifest,
  type LayeredCodebaseManifest,
} from '../harness/generators/index.js';
import {
  diffEdgeSets,
  graphEdgePairs,
  manifestEdgePairs,
  registerVocabularySteps,
  renderScalingSvg,
  type ScalingPoint,
} from '../harness/engine-workloads/index.js';
import { attachJson, attachSvg } from './support/attach-json.js';
import { fastestSample, measureCpu, measureInterleaved, type CpuSample } from './support/cpu-time.js';
import { fitPowerLawWithInterval, theilSenExponent } from './support/power-law-interval.js';
import { describeFeature } from './support/stress-feature.js';

const TAGS = ['@e2e', '@performance', '@scalability'];
const SEED_BUDGETS = { maxDurationMs: 5 * 60_000, maxPeakRssMb: 1024 } as const;
/**
 * "Linear or sub-linear" with room for noise: a linear engine fits k ≈ 1 (fixed per-run costs pull it below 1
 * at small sizes), a quadratic one k ≈ 2. 1.3 flags super-linear growth without failing on a loaded CI box.
 */
const MAX_EXPONENT = 1.3;
/**
 * One unmeasured round over every size (the first runs of a size took up to 10x the CPU of later ones: JIT and
 * first-touch allocation), then 5 measured rounds, interleaved (every size once, then again).
 */
const ROUNDS = { warmUpRounds: 1, rounds: 5 } as const;

/** Distinct sizes after scaling, never below `floor`, in increasing order. */
/**
 * The scaling verdict over CPU-time rows: the Theil–Sen exponent (median of pairwise log-log slopes), robust to one
 * wild size. Least squares with its 95 % interval, the wall-time fit and the rows are attached beside it.
 */
async function judgeScaling<Row extends { size: number; cpuMs: number; wallMs: number }>(
  rows: readonly Row[],
  evidence: { metric: string; title: string; sizeLabel: string; rounds?: unknown; folder?: string },
): Promise<number> {
  const points: ScalingPoint[] = rows.map((r) => ({ size: r.size, ms: r.cpuMs }));
  const fit = fitPowerLawWithInterval(points);
  const exponent = theilSenExponent(points);
  const wallFit = fitPowerLawWithInterval(rows.map((r) => ({ size: r.size, ms: r.wallMs })));
  await attachJson('scaling.json', {
    metric: evidence.metric,
    rounds: evidence.rounds ?? ROUNDS,
    ...(evidence.folder !== undefined ? { folder: evidence.folder } : {}),
    fit,
    wallFit,
    exponent,
    exponentMethod: 'Theil–Sen (median of pairwise log-log slopes)',
    maxExponent: MAX_EXPONENT,
    rows,
  });
  await attachSvg(
    'scaling.svg',
    renderScalingSvg(points, fit, { title: evidence.title, sizeLabel: evidence.sizeLabel }),
  );
  return exponent;
}

function sizesFor(base: readonly number[], scale: number, floor: number): number[] {
  return [...new Set(base.map((n) => Math.max(floor, scaled(n, scale))))].sort((a, b) => a - b);
}

/**
 * The verdict's input: per size, the smallest CPU time over its runs (CPU time counts only this process's work, so
 * other engineers' processes on the same cores do not inflate it; the smallest is the least disturbed by GC and cache
 * misses). Wall times are fitted and attached beside it as context.
 */
function scalingRows(
  sizes: readonly number[],
  samples: readonly CpuSample[][],
): { size: number; cpuMs: number; wallMs: number; runs: readonly CpuSample[] }[] {
  return sizes.map((size, i) => {
    const runs = samples[i] ?? [];
    return { size, ...fastestSample(runs), runs };
  });
}

/**
 * E2E-110's sizes, as before. Sizes evenly spaced on the log scale (100, 250, 700, 1,900, 5,000: 13 % fewer files) were
 * tried and dropped: three of them under 1,000, where fixed costs flatten the slopes. On a scan made quadratic on
 * purpose, in pairs of runs under the same load, they fitted 1.02 where the earlier version of this test fitted 1.19;
 * this version with these sizes fitted 0.996 where the earlier one fitted 1.003.
 */
const CODEBASE_SIZES = [100, 500, 1000, 2500, 5000] as const;
/**
 * E2E-110's measured rounds per size: every size `rounds`, and the sizes of at most `smallShare` of the largest
 * `extraRounds` more. A pass over 100 files is a few milliseconds of CPU and moves by 2x with one collection or cache
 * miss, a pass over 5,000 files moved by under 10 % from run to run; the extra samples go where they are cheap and
 * needed. (More samples can only lower a small size's minimum, which steepens the fitted exponent: the bias is toward
 * failing, never toward passing.)
 */
const CODEBASE_ROUNDS = { rounds: 3, extraRounds: 2, smallShare: 0.2 } as const;

/** A RAM file system E2E-110 may write its code bases to, and the free space it must have for them (9,100 files). */
const RAM_FOLDER = { path: '/dev/shm', minFreeBytes: 512 * 1024 * 1024 } as const;

/**
 * Where E2E-110 writes its code bases: a fresh folder on the RAM file system when the machine has one with room, else
 * the test's workspace. Writing 9,100 files was most of the test's cost, and on a loaded machine a disk file system
 * bills it unevenly: 5,000 small files cost 0.3 to 4.4 s of system CPU from one try to the next on this 2-core box
 * (ext4), 0.4 to 0.5 s on its /dev/shm. The engine reads real files either way, through the same calls. The folder
 * is removed after the test (the code bases are regenerated from the seed).
 */
async function codebaseFolder(workspace: string): Promise<{ dir: string; onRam: boolean; remove(): Promise<void> }> {
  const free = await statfs(RAM_FOLDER.path).then(
    (s) => s.bavail * s.bsize,
    () => 0,
  );
  if (free < RAM_FOLDER.minFreeBytes) return { dir: workspace, onRam: false, remove: async () => undefined };
  const dir = await mkdtemp(join(RAM_FOLDER.path, 'maestro-e2e-110-'));
  return { dir, onRam: true, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Rounds of each size (see CODEBASE_ROUNDS). */
function roundsPerSize(sizes: readonly number[]): number[] {
  const largest = Math.max(...sizes);
  return sizes.map((size) =>
    size <= largest * CODEBASE_ROUNDS.smallShare
      ? CODEBASE_ROUNDS.rounds + CODEBASE_ROUNDS.extraRounds
      : CODEBASE_ROUNDS.rounds,
  );
}

describeFeature('Scalability', 'Code base growth', 'normal', () => {
  test(
    'E2E-110: analysis time grows linearly or better from 100 to 5,000 files',
    { tag: TAGS, annotation: { type: 'workload-changed', description: '2026-12-06T21:15Z' } },
    async ({ perf, seed, scale, workspace }) => {
      const sizes = sizesFor(CODEBASE_SIZES, scale, 16);
      test.skip(
        sizes.length < 4,
        `E2E-110 needs STRESS_SCALE >= 0.02: at ${scale} its sizes collapse to ${sizes.join(', ')}, too few to fit an exponent`,
      );
      const folder = await codebaseFolder(workspace);
      try {
        const manifests: LayeredCodebaseManifest[] = [];
        for (const size of sizes)
          manifests.push(
            await writeLayeredCodebase(join(folder.dir, `code-${size}`), { files: size, seed: seed + size }),
          );
        const rounds = roundsPerSize(sizes);
        perf.setBudgets({
          ...SEED_BUDGETS,
          minCounters: { filesParsed: sizes.reduce((sum, size, i) => sum + size * (rounds[i] ?? 0), 0) },
        });

        // Warm-up: one unmeasured pass over each of the two smallest sizes compiles every code path of a pass (the same
        // code at every size). The larger sizes' first passes are measured: a slow first pass (heap growth, first touch)
        // is one sample of three, and the minimum leaves it out.
        for (const manifest of manifests.slice(0, 2)) await buildImportGraph(manifest.root, { cache: false });
        // Every run, not only the kept one, must parse each file once and find exactly the generated edges.
        const parsedPerRun: number[][] = sizes.map(() => []);
        const samples: CpuSample[][] = sizes.map(() => []);
        const graphs: ImportGraph[] = [];
        // Interleaved: every size of this round once, then the next round, so a change of load touches every size.
        for (let round = 0; round < Math.max(...rounds); round++) {
          for (const [index, manifest] of manifests.entries()) {
            if (round >= (rounds[index] ?? 0)) continue;
            const {
              value: graph,
              cpuMs,
              wallMs,
            } = await measureCpu(() => perf.time(() => buildImportGraph(manifest.root, { cache: false })));
            samples[index]?.push({ cpuMs, wallMs });
            graphs[index] = graph;
            parsedPerRun[index]?.push(graph.counters.filesParsed);
            perf.count('filesParsed', graph.counters.filesParsed);
            perf.addItems(graph.counters.filesParsed);
          }
        }
        const rows = scalingRows(sizes, samples).map((row, i) => {
          const graph = graphs[i] as ImportGraph;
          const manifest = manifests[i] as LayeredCodebaseManifest;
          perf.count('edgesFound', graph.counters.internalEdges);
          return {
            ...row,
            sourceFiles: manifest.sourceFiles.length,
            filesParsed: graph.counters.filesParsed,
            edges: graphEdgePairs(graph).length,
            expectedEdges: manifestEdgePairs(manifest).length,
            edgeDiff: diffEdgeSets(manifestEdgePairs(manifest), graphEdgePairs(graph)),
            bytesRead: graph.counters.bytesRead,
          };
        });
        const exponent = await judgeScaling(rows, {
          metric: 'buildImportGraph CPU time (process.cpuUsage, smallest of interleaved runs)',
          title: 'E2E-110 import graph (CPU ms)',
          sizeLabel: 'source files',
          rounds: { warmUp: 'one pass over each of the two smallest sizes', perSize: rounds },
          folder: folder.onRam ? `${folder.dir} (RAM file system, removed after the test)` : folder.dir,
        });

        // Work scales exactly with size: every file parsed once per run, every generated edge found.
        expect(rows.map((r) => r.sourceFiles)).toEqual(sizes);
        expect(parsedPerRun.map((runs, i) => runs.length === rounds[i] && runs.every((n) => n === sizes[i]))).toEqual(
          sizes.map(() => true),
        );
        expect(rows.map((r) => r.edgeDiff)).toEqual(sizes.map(() => ({ missing: [], unexpected: [] })));
        expect(rows.map((r) => r.edges)).toEqual(rows.map((r) => r.expectedEdges));
        expect(exponent).toBeLessThan(MAX_EXPONENT);
      } finally {
        await folder.remove();
      }
    },
  );
});

describeFeature('Scalability', 'Test suite growth', 'normal', () => {
  test(
    'E2E-111: BDV run time grows linearly or better from 100 to 1,000 scenarios',
    { tag: TAGS },
    async ({ perf, seed, scale, workspace }) => {
      // Never below the seed's sizes: scaled down to 25..250 scenarios, a run is a few milliseconds of CPU, dominated by
      // fixed per-run costs and by whether a young-generation GC falls inside it (63 -> 125 scenarios cost 6x the CPU in
      // one measured run), so the fitted exponent's 95 % interval spanned 0.3..2.1 and said nothing. A larger scale
      // still grows the sizes.
      // Six sizes rather than four: with four, the exponent's 95 % interval (t with 2 degrees of freedom) was
      // +-0.5 wide even on CPU time.
      const sizes = sizesFor([100, 175, 250, 400, 650, 1000], Math.max(1, scale), 10);
      expect(sizes.length).toBeGreaterThanOrEqual(4);
      const suites: FeatureSuiteManifest[] = [];
      for (const size of sizes)
        suites.push(
          await writeFeatureSuite(join(workspace, `features-${size}`), { scenarios: size, seed: seed + size }),
        );
      perf.setBudgets({
        ...SEED_BUDGETS,
        minCounters: { scenariosRun: sizes.reduce((a, b) => a + b, 0) * ROUNDS.rounds },
      });

      const runSuite = async (
        suite: FeatureSuiteManifest,
        steps: ReturnType<typeof registerVocabularySteps>,
      ): Promise<RunReport> => runPickles(await loadFeatures([suite.root]), { registry: steps.registry });
      const warmUp = registerVocabularySteps();
      // One step registry per size, so its invocation count divided by that size's runs is the calls of one run.
      const registries = suites.map(() => registerVocabularySteps());
      const runsPerSize = suites.map(() => 0);
      // Two unmeasured rounds: the BDV path needed more than one before its CPU time settled.
      const measured = await measureInterleaved(suites, { ...ROUNDS, warmUpRounds: 2 }, async (suite, round) => {
        if (round < 0) return runSuite(suite, warmUp);
        const index = suites.indexOf(suite);
        const report = await perf.time(() =>
          runSuite(suite, registries[index] as ReturnType<typeof registerVocabularySteps>),
        );
        runsPerSize[index] = (runsPerSize[index] ?? 0) + 1;
        perf.count('scenariosRun', report.scenarios.length);
        perf.addItems(report.scenarios.length);
        return report;
      });
      const rows = scalingRows(sizes, measured.samples).map((row, i) => {
        const report = measured.values[i] as RunReport;
        const suite = suites[i] as FeatureSuiteManifest;
        return {
          ...row,
          pickles: suite.pickles,
          scenarios: report.scenarios.length,
          passed: report.counts.scenarios.passed,
          stepsReported: Object.values(report.counts.steps).reduce((a, b) => a + b, 0),
          stepCalls:
            (registries[i] as ReturnType<typeof registerVocabularySteps>).invocations() / (runsPerSize[i] ?? 1),
          expectedSteps: suite.steps,
        };
      });
      const exponent = await judgeScaling(rows, {
        metric: 'loadFeatures + runPickles CPU time (process.cpuUsage, smallest of interleaved runs)',
        title: 'E2E-111 BDV run (CPU ms)',
        sizeLabel: 'scenarios',
      });

      expect(rows.map((r) => r.pickles)).toEqual(sizes);
      expect(rows.map((r) => r.scenarios)).toEqual(sizes);
      expect(rows.map((r) => r.passed)).toEqual(sizes);
      // Every step of every scenario reported and really called, at every size and in every run.
      expect(rows.map((r) => r.stepsReported)).toEqual(rows.map((r) => r.expectedSteps));
      expect(rows.map((r) => r.stepCalls)).toEqual(rows.map((r) => r.expectedSteps));
      expect(exponent).toBeLessThan(MAX_EXPONENT);
    },
  );
});

describeFeature('Scalability', 'Incremental processing', 'normal', () => {
  test(
    'E2E-112: after changing 10 files, a second analysis re-parses exactly those 10 and is much faster',
    { tag: TAGS },
    async ({ perf, seed, scale, workspace }) => {
      // At least the seed's 1,000 files even when scaled down: below that the fixed cost of a pass (loading the
      // cache, walking the folders) dominates and the time ratio stops saying anything about incrementality.
      const files = Math.max(1000, scaled(1000, scale));
      const changed = 10;
      const manifest = await writeLayeredCodebase(join(workspace, 'code'), { files, seed });
      perf.setBudgets({
        ...SEED_BUDGETS,
        minCounters: { firstPassParsed: files * 3, cacheHits: (files - changed) * 3 },
      });
      // Written just now, every file is racily clean for the first pass, and the second would read them all again
      // (as it must: their stats cannot be trusted). A checkout made an hour ago shows the edit alone.
      await ageTree(manifest.root, 3_600_000);

      // Warm-up on another tree, through every path measured below (full pass, cached pass, session first and second
      // analysis), so no measured pass pays for JIT compilation of its code path: unwarmed, the first full pass took
      // 2.4x the CPU of the third, and a session's first re-analysis compiled its incremental path.
      const warm = await writeLayeredCodebase(join(workspace, 'warm-up'), { files: 200, seed: seed + 1 });
      await ageTree(warm.root, 3_600_000);
      const warmSession = openAnalysisSession(warm.root, { cacheDir: join(workspace, 'warm-session') });
      try {
        for (const name of ['warm-cache-a', 'warm-cache-b'])
          await buildImportGraph(warm.root, { cacheDir: join(workspace, name) });
        await warmSession.analyze();
        await mutateFiles(warm.root, warm, changed, seed + 1);
        for (const name of ['warm-cache-a', 'warm-cache-b'])
          await buildImportGraph(warm.root, { cacheDir: join(workspace, name) });
        await warmSession.analyze();
      } finally {
        warmSession.close();
      }

      // Three caches, so each pass is measured three times and the least disturbed run is kept: at 1,000 files a pass
      // takes tens of milliseconds, and one noisy measurement on a loaded machine should not decide the ratio. The
      // ratios are of CPU time (this process's own work; other processes on the cores do not count in it), with the
      // wall-time ratios attached beside them.
      const caches = ['cache-a', 'cache-b', 'cache-c'].map((name) => join(workspace, name));
      type TimedPass = CpuSample & { readonly graph: ImportGraph };
      const timedPass = async (dir: string): Promise<TimedPass> => {
        const {
          value: graph,
          cpuMs,
          wallMs,
        } = await measureCpu(() => perf.time(() => buildImportGraph(manifest.root, { cacheDir: dir })));
        return { cpuMs, wallMs, graph };
      };
      const timedPasses = async (): Promise<TimedPass[]> => {
        const passes: TimedPass[] = [];
        for (const cache of caches) passes.push(await timedPass(cache));
        return passes;
      };
      const firstPasses = await timedPasses();
      // Analysis sessions (what `maestro analyze --watch` keeps open) learn from their file watcher what changed. Three,
      // each with its own cache, so the session ratio too rests on the least disturbed of three runs. They start after
      // the cached passes' first runs, so that their own first analysis does not warm them up.
      const sessions = ['cache-session-a', 'cache-session-b', 'cache-session-c'].map((name) =>
        openAnalysisSession(manifest.root, { cacheDir: join(workspace, name) }),
      );
      try {
        const sessionFirstRuns: CpuSample[] = [];
        for (const session of sessions) {
          const { cpuMs, wallMs } = await measureCpu(() => perf.time(() => session.analyze()));
          sessionFirstRuns.push({ cpuMs, wallMs });
        }
        const mutation = await mutateFiles(manifest.root, manifest, changed, seed);
        const secondPasses = await timedPasses();
        const sessionSecondRuns: (CpuSample & { readonly counters: ImportGraph['counters'] })[] = [];
        for (const session of sessions) {
          const { value, cpuMs, wallMs } = await measureCpu(() => perf.time(() => session.analyze()));
          sessionSecondRuns.push({ cpuMs, wallMs, counters: value.counters });
        }
        const sessionFirst = fastestSample(sessionFirstRuns);
        const sessionSecondFastest = fastestSample(sessionSecondRuns);
        const firstFastest = fastestSample(firstPasses);
        const secondFastest = fastestSample(secondPasses);
        const first = (firstPasses[0] as TimedPass).graph;
        const second = (secondPasses[0] as TimedPass).graph;
        const ratio = secondFastest.cpuMs / firstFastest.cpuMs;
        const wallRatio = secondFastest.wallMs / firstFastest.wallMs;
        const sessionRatio = sessionSecondFastest.cpuMs / sessionFirst.cpuMs;
        const sessionWallRatio = sessionSecondFastest.wallMs / sessionFirst.wallMs;

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
          metric: 'CPU time (process.cpuUsage) of each pass; the smallest of three runs per pass; wall time beside it',
          first: {
            ...firstFastest,
            runs: firstPasses.map((p) => ({ cpuMs: p.cpuMs, wallMs: p.wallMs })),
            counters: firstPasses.map((p) => p.graph.counters),
          },
          second: {
            ...secondFastest,
            runs: secondPasses.map((p) => ({ cpuMs: p.cpuMs, wallMs: p.wallMs })),
            counters: secondPasses.map((p) => p.graph.counters),
          },
          timeRatio: ratio,
          wallTimeRatio: wallRatio,
          session: {
            first: { ...sessionFirst, runs: sessionFirstRuns },
            second: {
              ...sessionSecondFastest,
              runs: sessionSecondRuns.map((r) => ({ cpuMs: r.cpuMs, wallMs: r.wallMs })),
            },
            timeRatio: sessionRatio,
            wallTimeRatio: sessionWallRatio,
            counters: sessionSecondRuns.map((r) => r.counters),
          },
          note:
            'asserted here (CPU time): < 0.5 for a cached pass, < 0.25 for a session re-analysis; the goal of 1/10 at 5,000 files is ' +
            'judged by `npm run bench` (incremental workloads), side by side on a quiet machine',
        });

        for (const pass of firstPasses) expect(pass.graph.counters).toMatchObject({ filesParsed: files, cacheHits: 0 });
        // Exactly the changed files are read and lexed again; every other file's imports come from the cache.
        for (const pass of secondPasses)
          expect(pass.graph.counters).toMatchObject({
            filesScanned: changed,
            filesParsed: changed,
            cacheHits: files - changed,
          });
        // The appended code adds no import, so the graph is unchanged and still matches the generator's edges.
        expect(diffEdgeSets(manifestEdgePairs(manifest), graphEdgePairs(second))).toEqual({
          missing: [],
          unexpected: [],
        });
        expect(graphEdgePairs(second)).toEqual(graphEdgePairs(first));
        expect(ratio).toBeLessThan(0.5);
        // The session reads the changed files again, and lists no folder.
        for (const run of sessionSecondRuns)
          expect(run.counters).toMatchObject({ filesScanned: changed, filesParsed: changed, foldersListed: 0 });
        expect(sessionRatio).toBeLessThan(0.25);
      } finally {
        for (const session of sessions) session.close();
      }
    },
  );
});
