import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { createResolutionHost, settingsFromCompilerOptions } from './resolution-context.js';
import { ModuleResolver, modeForImport } from './module-resolver.js';
import { scanImports } from '../scan/index.js';
import { walkProject } from '../scan/index.js';

// Differential test: every import of a generated monorepo resolved by ours and by `ts.resolveModuleName` (with the
// mode a ts.Program gives that import), for moduleResolution node10, node16, nodenext and bundler. Trees vary by
// which optional files exist, the root package's `type`/`exports`, and the tsconfig's baseUrl/paths.

const created: string[] = [];
afterAll(() => {
  for (const d of created) rmSync(d, { recursive: true, force: true });
});

const SPECIFIERS = [
  './a',
  './a.js',
  './b',
  './b.js',
  './c',
  './c.js',
  './d.mjs',
  './e.cjs',
  './data.json',
  './dir',
  './dir/',
  './dir/index.js',
  './dir2',
  './dir2/',
  './',
  '.',
  '..',
  '../',
  '../src/',
  './sub/deep',
  './sub/deep.js',
  './link',
  './link.js',
  './missing',
  './styles.css',
  '#internal/x',
  '#internal/x.js',
  '#cfg',
  '#dep',
  '#nope',
  '@scope/lib',
  '@scope/lib/feature/f1',
  '@scope/lib/feature/f1.js',
  '@scope/lib/package.json',
  '@scope/lib/nope',
  'core',
  'core/src/util',
  'core/lib/index.js',
  'legacy',
  'ext-pkg',
  'ext-pkg/sub',
  '@app/a',
  '@app/dir',
  '@app/nope',
  '@lib',
  '@scope/gen',
  'root',
  'root/src/a',
  'root/a',
  'src/a',
  'src/dir',
  'fs',
  'node:fs',
];

const IMPORTERS = [
  'src/index.ts',
  'src/sub/deep.ts',
  'src/d.mts',
  'src/e.cts',
  'src/plain.js',
  'packages/lib/src/index.ts',
  'packages/core/src/index.ts',
];

interface TreeSpec {
  readonly optional: readonly boolean[];
  readonly rootType: 'module' | 'commonjs' | undefined;
  readonly rootExports: boolean;
  readonly resolution: 'node10' | 'node16' | 'nodenext' | 'bundler' | 'bundler-preserve';
  readonly baseUrl: boolean;
  readonly paths: boolean;
}

const OPTIONAL_FILES = [
  'src/a.ts',
  'src/b.tsx',
  'src/c.js',
  'src/c.ts',
  'src/data.json',
  'src/dir/index.ts',
  'src/dir/index.js',
  'src/dir2/index.ts',
  'src/dir2/types.d.ts',
  'src/dir2/main.js',
  'src/internal/x.ts',
  'src/cfg.ts',
  'src/cfg.js',
  'src/index.d.ts',
  'src/styles.d.css.ts',
  'packages/lib/src/features/f1.ts',
  'packages/core/lib/index.js',
  'packages/core/src/util.ts',
  'packages/legacy/index.js',
  'src/sub/index.ts',
  'index.ts',
];

function write(root: string, rel: string, text: string): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
}

function buildTree(spec: TreeSpec): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'acc-resolve-')));
  created.push(root);
  const importText = SPECIFIERS.map((s, i) =>
    s === 'fs' || s === 'node:fs' ? '' : `import * as m${i} from '${s}';`,
  ).join('\n');
  for (const f of IMPORTERS) write(root, f, `${importText}\nexport {};\n`);
  OPTIONAL_FILES.forEach((f, i) => {
    if (spec.optional[i] ?? true) write(root, f, f.endsWith('.json') ? '{}' : 'export const x = 1;\n');
  });
  symlinkSync('a.ts', join(root, 'src/link.ts'));
  const rootPackage: Record<string, unknown> = {
    name: 'root',
    private: true,
    workspaces: ['packages/*'],
    imports: {
      '#internal/*': './src/internal/*.ts',
      '#cfg': { types: './src/cfg.ts', default: './src/cfg.js' },
      '#dep': 'ext-pkg',
    },
  };
  if (spec.rootType !== undefined) rootPackage['type'] = spec.rootType;
  if (spec.rootExports)
    rootPackage['exports'] = { '.': './src/index.ts', './a': './src/a.ts', './src/*': './src/*.ts' };
  write(root, 'package.json', JSON.stringify(rootPackage));
  write(root, 'src/dir2/package.json', JSON.stringify({ types: './types.d.ts', main: './main.js' }));
  write(
    root,
    'packages/lib/package.json',
    JSON.stringify({
      name: '@scope/lib',
      type: 'module',
      exports: {
        '.': { types: './src/index.ts', import: './dist/index.mjs', require: './dist/index.cjs' },
        './feature/*': './src/features/*.ts',
        './feature/*.js': './src/features/*.ts',
        './package.json': './package.json',
      },
    }),
  );
  write(
    root,
    'packages/core/package.json',
    JSON.stringify({ name: 'core', main: 'lib/index.js', types: 'src/index.ts' }),
  );
  write(root, 'packages/legacy/package.json', JSON.stringify({ name: 'legacy' }));
  write(
    root,
    'node_modules/ext-pkg/package.json',
    JSON.stringify({ name: 'ext-pkg', main: 'index.js', types: 'index.d.ts' }),
  );
  write(root, 'node_modules/ext-pkg/index.d.ts', 'export {};\n');
  write(root, 'node_modules/ext-pkg/index.js', '\n');
  write(root, 'node_modules/ext-pkg/sub.js', '\n');
  mkdirSync(join(root, 'node_modules/@scope'), { recursive: true });
  symlinkSync('../../packages/lib', join(root, 'node_modules/@scope/lib'));
  symlinkSync('../packages/core', join(root, 'node_modules/core'));
  symlinkSync('../packages/legacy', join(root, 'node_modules/legacy'));
  const compilerOptions: Record<string, unknown> = { allowJs: true, resolveJsonModule: true, noEmit: true };
  const r = spec.resolution;
  if (r === 'node10') Object.assign(compilerOptions, { module: 'commonjs', moduleResolution: 'node10' });
  if (r === 'node16') Object.assign(compilerOptions, { module: 'node16', moduleResolution: 'node16' });
  if (r === 'nodenext') Object.assign(compilerOptions, { module: 'nodenext', moduleResolution: 'nodenext' });
  if (r === 'bundler') Object.assign(compilerOptions, { module: 'esnext', moduleResolution: 'bundler' });
  if (r === 'bundler-preserve') Object.assign(compilerOptions, { module: 'preserve' });
  if (spec.baseUrl) compilerOptions['baseUrl'] = '.';
  if (spec.paths) {
    compilerOptions['paths'] = {
      '@app/*': ['src/*'],
      '@lib': ['packages/lib/src/index.ts'],
      '@scope/*': ['generated/*'],
      'core/*': ['nowhere/*', 'packages/core/*'],
    };
  }
  write(root, 'tsconfig.json', JSON.stringify({ compilerOptions }));
  return root;
}

const toPosix = (p: string): string => (sep === '/' ? p : p.split(sep).join('/'));

type Outcome = string; // 'file:<path>' | 'bare:<package>' | 'failed'

function tsOutcomes(root: string): Map<string, Outcome> {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  );
  if (config === undefined) throw new Error('tsconfig not parsed');
  const options = { ...config.options, noResolve: true, noLib: true, types: [] };
  const program = ts.createProgram({ rootNames: IMPORTERS.map((f) => join(root, f)), options });
  const out = new Map<string, Outcome>();
  for (const file of IMPORTERS) {
    const sf = program.getSourceFile(join(root, file));
    if (sf === undefined) throw new Error(`no source file ${file}`);
    for (const literal of (sf as unknown as { imports: readonly ts.StringLiteralLike[] }).imports) {
      const mode = program.getModeForUsageLocation(sf, literal);
      const { resolvedModule } = ts.resolveModuleName(
        literal.text,
        sf.fileName,
        config.options,
        ts.sys,
        undefined,
        undefined,
        mode,
      );
      let outcome: Outcome = 'failed';
      if (resolvedModule !== undefined) {
        const real = toPosix(relative(root, realpathSync(resolvedModule.resolvedFileName)));
        const nm = real.lastIndexOf('node_modules/');
        if (nm >= 0) {
          const parts = real.slice(nm + 'node_modules/'.length).split('/');
          outcome = `bare:${packageOf(parts.join('/'))}`;
        } else if (real.startsWith('..')) {
          outcome = 'outside';
        } else {
          outcome = `file:${real}`;
        }
      } else if (
        !literal.text.startsWith('.') &&
        !literal.text.startsWith('#') &&
        !['@scope/lib', 'core', 'legacy'].includes(packageOf(literal.text))
      ) {
        outcome = `bare:${packageOf(literal.text)}`; // a package we do not have: ours cannot tell it is missing
      }
      out.set(`${file} ${literal.text}`, outcome);
    }
  }
  return out;
}

function packageOf(name: string): string {
  const parts = name.split('/');
  return name.startsWith('@') && parts.length > 1 ? `${parts[0]}/${parts[1]}` : (parts[0] ?? name);
}

function ourOutcomes(root: string): Map<string, Outcome> {
  const walk = walkProject(root);
  const host = createResolutionHost(root, walk);
  const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')) as {
    compilerOptions: Record<string, unknown>;
  };
  const settings = settingsFromCompilerOptions(tsconfig.compilerOptions, '');
  const resolver = new ModuleResolver(host);
  const out = new Map<string, Outcome>();
  for (const file of IMPORTERS) {
    for (const ref of scanImports(readFileSync(join(root, file), 'utf8'))) {
      const mode = modeForImport(settings, file, ref.kind, () => host.impliedFormat(file, settings));
      const r = resolver.resolve(ref.specifier, file, settings, mode);
      const outcome =
        r.kind === 'file' ? `file:${host.realFile(r.path)}` : r.kind === 'bare' ? `bare:${r.packageName}` : r.kind;
      out.set(`${file} ${ref.specifier}`, outcome);
    }
  }
  return out;
}

function compare(spec: TreeSpec): Map<string, Outcome> {
  const root = buildTree(spec);
  const expected = tsOutcomes(root);
  const actual = ourOutcomes(root);
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  const differences: string[] = [];
  for (const [key, want] of expected) {
    const got = actual.get(key);
    if (want === 'outside' && got === 'outside') continue;
    if (got !== want) differences.push(`${key}: ts ${want}, ours ${got}`);
  }
  expect(differences, `${JSON.stringify(spec)}\n${differences.join('\n')}`).toEqual([]);
  return expected;
}

const RESOLUTIONS = ['node10', 'node16', 'nodenext', 'bundler', 'bundler-preserve'] as const;

describe('module resolution against ts.resolveModuleName', () => {
  for (const resolution of RESOLUTIONS) {
    it(`resolves every import of the full monorepo fixture as TypeScript does (${resolution})`, () => {
      const full = compare({
        optional: OPTIONAL_FILES.map(() => true),
        rootType: 'module',
        rootExports: true,
        resolution,
        baseUrl: true,
        paths: true,
      });
      // The fixture exercises every outcome: files inside the root, workspace packages, node_modules, broken imports.
      const kinds = [...full.values()];
      expect(kinds.filter((k) => k.startsWith('file:packages/')).length).toBeGreaterThan(5);
      expect(kinds.filter((k) => k.startsWith('file:src/')).length).toBeGreaterThan(30);
      expect(kinds.filter((k) => k === 'bare:ext-pkg').length).toBeGreaterThan(0);
      expect(kinds.filter((k) => k === 'failed').length).toBeGreaterThan(5);
      compare({
        optional: OPTIONAL_FILES.map(() => true),
        rootType: undefined,
        rootExports: false,
        resolution,
        baseUrl: false,
        paths: true,
      });
    });
  }

  it('agrees on generated trees (files present or not, package type, exports, baseUrl, paths)', () => {
    fc.assert(
      fc.property(
        fc.record({
          optional: fc.array(fc.boolean(), { minLength: OPTIONAL_FILES.length, maxLength: OPTIONAL_FILES.length }),
          rootType: fc.constantFrom('module' as const, 'commonjs' as const, undefined),
          rootExports: fc.boolean(),
          resolution: fc.constantFrom(...RESOLUTIONS),
          baseUrl: fc.boolean(),
          paths: fc.boolean(),
        }),
        (spec) => {
          compare(spec);
        },
      ),
      { numRuns: 25, seed: 20_261_204 },
    );
  }, 120_000);
});
