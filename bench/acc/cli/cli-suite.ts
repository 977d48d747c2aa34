import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ContenderSpec, WorkloadPlan } from '../../core/workload-plan.js';
import { ACC_RULES_YAML, DATA_DIR, PRESENTATION_DIR, cycleGroups } from '../acc-task.js';
import type { AccCliTask } from './cli-task.js';
import { writeMonorepo } from './write-monorepo.js';

const entry = (name: string): string => fileURLToPath(new URL(`./${name}.ts`, import.meta.url));

const DETECTIVE = { skipTypeImports: false, skipAsyncImports: false, mixedImports: true };
/** Workspace packages are resolved through their `exports` (dependency-cruiser reads no `exports` unless told). */
const DEPCRUISE_RESOLVE = {
  exportsFields: ['exports'],
  conditionNames: ['import', 'types', 'default'],
  extensions: ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'],
};

const OURS: ContenderSpec = {
  tool: 'maestro analyze (whole process)',
  role: 'ours',
  entry: entry('cli-ours'),
  agreementKeys: ['cycles', 'violations'],
};
const DEPCRUISE: ContenderSpec = {
  tool: 'depcruise CLI (whole process)',
  role: 'peer',
  entry: entry('cli-depcruise'),
  agreementKeys: ['cycles', 'violations'],
};
const MADGE: ContenderSpec = {
  tool: 'madge CLI (whole process)',
  role: 'peer',
  entry: entry('cli-madge'),
  agreementKeys: ['cycles'],
};

/** Writes the three CLIs' rule files for one code base into `dir`; returns the task. */
function cliTask(
  dir: string,
  root: string,
  sourceDirs: readonly string[],
  sourceFiles: number,
  layered: boolean,
): AccCliTask {
  mkdirSync(dir, { recursive: true });
  const rulesFile = join(dir, 'rules.yaml');
  writeFileSync(rulesFile, ACC_RULES_YAML);
  const forbidden = [
    ...(layered
      ? [
          {
            name: 'ui-not-data',
            severity: 'error',
            from: { path: `^${PRESENTATION_DIR}` },
            to: { path: `^${DATA_DIR}` },
          },
        ]
      : []),
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ];
  const depcruiseConfig = join(dir, 'depcruise.json');
  writeFileSync(
    depcruiseConfig,
    JSON.stringify({
      forbidden,
      options: {
        tsPreCompilationDeps: true,
        doNotFollow: { path: 'node_modules' },
        tsConfig: { fileName: join(root, 'tsconfig.json') },
        cache: false,
        enhancedResolveOptions: DEPCRUISE_RESOLVE,
      },
    }),
  );
  writeFileSync(
    join(dir, '.madgerc'),
    JSON.stringify({ detectiveOptions: { ts: DETECTIVE, tsx: DETECTIVE, es6: DETECTIVE } }),
  );
  return { root, sourceDirs, sourceFiles, rulesFile, depcruiseConfig, madgeDir: dir, layered };
}

/**
 * Whole-process rows, what a CI job pays: each repetition spawns the CLI cold (`maestro analyze` from the compiled
 * bin, `depcruise` and `madge` from node_modules) under GNU time, start-up and module loading included:
 * - on each layered code base the in-process rows use (its `root`, same manifest);
 * - start-up: a three-file tree with one cycle (the goal is maestro analyze under 150 ms);
 * - a generated workspaces monorepo (exports/imports maps, tsconfig paths aliases, workspace package names,
 *   cross-package cycles). madge is left out there: madge 8 skips every import of a workspace package by name
 *   (it lists them as skipped), so it cannot find those cycles.
 */
export function planAccCliWorkloads(
  layered: readonly { files: number; root: string; expected: { cycles: string[]; violations: string[] } }[],
  seed: number,
  workDir: string,
  monorepoFiles: number,
): WorkloadPlan[] {
  const plans: WorkloadPlan[] = [];
  const tiny = join(workDir, 'tiny-tree');
  mkdirSync(join(tiny, 'src'), { recursive: true });
  writeFileSync(
    join(tiny, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler' }, include: ['src'] }),
  );
  writeFileSync(join(tiny, 'src', 'a.ts'), "import { b } from './b';\nexport const a = b + 1;\n");
  writeFileSync(
    join(tiny, 'src', 'b.ts'),
    "import { a } from './a';\nexport const b = 1;\nexport const twice = () => a * 2;\n",
  );
  writeFileSync(join(tiny, 'src', 'c.ts'), 'export const c = 3;\n');
  plans.push({
    suite: 'acc',
    workload: 'start-up: 3-file tree, whole process',
    unit: 'files',
    task: cliTask(join(workDir, 'cli-tiny'), tiny, ['src'], 3, true),
    expected: { cycles: cycleGroups([['src/a.ts', 'src/b.ts']]), violations: [] },
    contenders: [OURS, DEPCRUISE, MADGE],
    goals: [],
  });
  for (const { files, root, expected } of layered) {
    plans.push({
      suite: 'acc',
      workload: `${files.toLocaleString('en-US')} files, whole process`,
      unit: 'files',
      task: cliTask(join(workDir, `cli-${files}`), root, ['src'], files, true),
      expected,
      contenders: [OURS, DEPCRUISE, MADGE],
      goals: files >= 1_000 ? [{ kind: 'ours-faster-than', peer: DEPCRUISE.tool, factor: 20 }] : [],
    });
  }
  const packages = Math.max(4, Math.round(monorepoFiles / 50));
  const monoRoot = join(workDir, `monorepo-${monorepoFiles}`);
  const manifest = writeMonorepo(monoRoot, {
    packages,
    filesPerPackage: Math.round(monorepoFiles / packages),
    cycles: Math.max(2, Math.floor(packages / 2)),
    seed,
  });
  plans.push({
    suite: 'acc',
    workload: `monorepo: ${packages} workspace packages, ${manifest.sourceFiles.length.toLocaleString('en-US')} files, whole process`,
    unit: 'files',
    task: cliTask(
      join(workDir, `cli-monorepo-${monorepoFiles}`),
      monoRoot,
      manifest.packageDirs,
      manifest.sourceFiles.length,
      false,
    ),
    expected: { cycles: cycleGroups(manifest.cycles) },
    contenders: [
      { ...OURS, agreementKeys: ['cycles'] },
      { ...DEPCRUISE, agreementKeys: ['cycles'] },
    ],
    goals: [{ kind: 'ours-faster-than', peer: DEPCRUISE.tool, factor: 20 }],
  });
  return plans;
}
