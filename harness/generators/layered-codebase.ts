import fc from 'fast-check';
import { resolve } from 'node:path';
import { MIN_CODEBASE_FILES, planCodebaseLayout } from './codebase-layout.js';
import { DECOY_SPECIFIERS } from './codebase-decoys.js';
import { PATH_ALIASES, planCodebaseImports } from './codebase-imports.js';
import { renderSourceFile } from './codebase-render.js';
import { CODEBASE_LAYERS } from './codebase-types.js';
import type {
  CodebaseEdge,
  CodebaseLayer,
  ExternalImport,
  GeneratedFile,
  LayeredCodebaseManifest,
  LayeredCodebaseOptions,
} from './codebase-types.js';
import { createSeededRandom } from './seeded-random.js';
import { byteLengthOf, writeGeneratedFiles } from './write-tree.js';

export interface LayeredCodebasePlan {
  readonly files: readonly GeneratedFile[];
  readonly manifest: LayeredCodebaseManifest;
}

/** Generates the code base in memory (no I/O): the same options always give the same bytes. */
export function planLayeredCodebase(options: LayeredCodebaseOptions): LayeredCodebasePlan {
  if (!Number.isInteger(options.files) || options.files < MIN_CODEBASE_FILES) {
    throw new RangeError(`files must be an integer >= ${MIN_CODEBASE_FILES}, got ${options.files}`);
  }
  const tsconfigPaths = options.tsconfigPaths ?? false;
  const random = createSeededRandom(options.seed);
  const layout = planCodebaseLayout(options.files, options.commonJs ?? true, random.fork('layout'));
  const plan = planCodebaseImports(
    layout,
    {
      cycles: options.cycles ?? 0,
      layerViolations: options.layerViolations ?? 0,
      tsconfigPaths,
      jsExtensions: options.jsExtensions ?? true,
    },
    random.fork('imports'),
  );

  const render = random.fork('render');
  const sources: GeneratedFile[] = layout.files.map((file) => ({
    path: file.path,
    text: renderSourceFile(file, plan.importsByFile.get(file) ?? [], render),
  }));
  const edges: CodebaseEdge[] = [];
  const externalImports: ExternalImport[] = [];
  for (const [file, imports] of plan.importsByFile) {
    for (const planned of imports) {
      if (planned.target)
        edges.push({ from: file.path, to: planned.target.path, kind: planned.kind, specifier: planned.specifier });
      else externalImports.push({ from: file.path, specifier: planned.specifier, kind: planned.kind });
    }
  }
  edges.sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to));
  externalImports.sort((a, b) => compare(a.from, b.from) || compare(a.specifier, b.specifier));

  const pathAliases = tsconfigPaths ? PATH_ALIASES : {};
  const externalSpecifiers = [...new Set(externalImports.map((e) => e.specifier))].sort(compare);
  const configs: GeneratedFile[] = [
    { path: 'tsconfig.json', text: renderTsconfig(pathAliases) },
    { path: 'package.json', text: renderPackageJson(externalSpecifiers) },
  ];
  const files = [...configs, ...sources];
  const layers = {} as Record<CodebaseLayer, string[]>;
  for (const layer of CODEBASE_LAYERS)
    layers[layer] = layout.files
      .filter((f) => f.layer === layer)
      .map((f) => f.path)
      .sort(compare);

  const manifest: LayeredCodebaseManifest = {
    root: '',
    seed: random.seed,
    files: files.map((f) => f.path).sort(compare),
    sourceFiles: sources.map((f) => f.path).sort(compare),
    barrels: layout.files
      .filter((f) => f.kind === 'barrel')
      .map((f) => f.path)
      .sort(compare),
    totalBytes: byteLengthOf(files),
    layers,
    edges,
    externalImports,
    externalSpecifiers,
    cycles: plan.cycles.map((cycle) => cycle.map((file) => file.path)),
    layerViolations: plan.violations,
    decoySpecifiers: DECOY_SPECIFIERS,
    pathAliases,
  };
  return { files, manifest };
}

/**
 * Writes a realistic layered TypeScript project under `dir` and returns its manifest: every internal edge as
 * resolved file paths, external specifiers, injected cycles and layer violations.
 *
 * @example
 * const manifest = await writeLayeredCodebase(tmp, { files: 1000, seed: 7, cycles: 3, layerViolations: 5 });
 * expect(analysis.cycles).toHaveLength(manifest.cycles.length);
 */
export async function writeLayeredCodebase(
  dir: string,
  options: LayeredCodebaseOptions,
): Promise<LayeredCodebaseManifest> {
  const { files, manifest } = planLayeredCodebase(options);
  const root = resolve(dir);
  await writeGeneratedFiles(root, files);
  return { ...manifest, root };
}

export interface LayeredCodebaseArbitraryOptions {
  readonly minFiles?: number;
  readonly maxFiles: number;
  readonly maxCycles?: number;
  readonly maxLayerViolations?: number;
  readonly tsconfigPaths?: boolean;
}

/**
 * In-memory code base plans as a fast-check arbitrary. Size, cycle and violation counts shrink toward the
 * smallest project that still fails, which is what a developer wants to open and read.
 */
export function layeredCodebaseArbitrary(options: LayeredCodebaseArbitraryOptions): fc.Arbitrary<LayeredCodebasePlan> {
  const minFiles = Math.max(MIN_CODEBASE_FILES, options.minFiles ?? MIN_CODEBASE_FILES);
  // Three cycles and a few violations always fit in MIN_CODEBASE_FILES files; larger counts need larger trees.
  return fc
    .record({
      files: fc.integer({ min: minFiles, max: Math.max(minFiles, options.maxFiles) }),
      seed: fc.nat(),
      cycles: fc.integer({ min: 0, max: Math.min(options.maxCycles ?? 3, 3) }),
      layerViolations: fc.integer({ min: 0, max: Math.min(options.maxLayerViolations ?? 3, 3) }),
    })
    .map((drawn) => planLayeredCodebase({ ...drawn, tsconfigPaths: options.tsconfigPaths ?? false }));
}

function renderTsconfig(paths: Readonly<Record<string, string>>): string {
  const compilerOptions: Record<string, unknown> = {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    jsx: 'react-jsx',
    strict: true,
    allowJs: true,
    noEmit: true,
  };
  if (Object.keys(paths).length > 0) {
    compilerOptions['baseUrl'] = '.';
    compilerOptions['paths'] = Object.fromEntries(Object.entries(paths).map(([alias, target]) => [alias, [target]]));
  }
  return `${JSON.stringify({ compilerOptions, include: ['src'] }, null, 2)}\n`;
}

function renderPackageJson(externals: readonly string[]): string {
  const packages = [...new Set(externals.filter((s) => !s.startsWith('node:')).map(packageName))].sort(compare);
  const dependencies = Object.fromEntries(packages.map((name) => [name, '*']));
  // No "type": "module": the .js files of the CommonJS corner must stay CommonJS.
  return `${JSON.stringify({ name: 'generated-layered-app', version: '1.0.0', private: true, dependencies }, null, 2)}\n`;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
