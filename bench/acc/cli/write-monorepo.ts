import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createSeededRandom } from '../../../harness/generators/index.js';

export interface MonorepoOptions {
  readonly packages: number;
  /** Source files per package (internal modules, features and the index). */
  readonly filesPerPackage: number;
  /** Cross-package cycles to inject (each of three files in two packages). */
  readonly cycles: number;
  readonly seed: number;
}

export interface MonorepoManifest {
  readonly sourceFiles: readonly string[];
  /** The package folders, root-relative (what the peers' CLIs are given). */
  readonly packageDirs: readonly string[];
  /** Every injected cycle's members, root-relative; the rest of the graph is acyclic. */
  readonly cycles: readonly (readonly string[])[];
}

interface Module {
  readonly pkg: number;
  readonly kind: 'internal' | 'feature' | 'index';
  readonly name: string;
  /** Root-relative path. */
  readonly path: string;
  /** Position in the global order: a module only imports modules before it, so the base graph is acyclic. */
  readonly order: number;
}

const pkgName = (p: number): string => `@mono/pkg-${p}`;
const pkgDir = (p: number): string => `packages/pkg-${p}`;

/**
 * Writes an npm/yarn-workspaces monorepo: `packages/pkg-N` with package.json `exports` (`.` and `./feature/*`) and
 * `imports` (`#internal/*`), a root tsconfig with `paths` aliases (`@alias/pkg-N/*`), and `node_modules/@mono/*`
 * symlinks to the packages as a workspace install leaves them. Imports mix relative paths, `#internal/` names,
 * workspace package names (root and subpath) and aliases, always towards modules earlier in a global order, so the
 * only cycles are the injected ones: `a` (pkg x) imports `b` (pkg y) by its workspace subpath, `b` imports `c` by
 * pkg y's `#internal/` map, `c` imports `a` through the tsconfig alias; the three import nothing else.
 */
export function writeMonorepo(root: string, options: MonorepoOptions): MonorepoManifest {
  const random = createSeededRandom(options.seed).fork('monorepo');
  const modules: Module[] = [];
  let order = 0;
  const perPackage = Math.max(4, options.filesPerPackage);
  const internals = Math.max(1, Math.floor((perPackage - 1) / 3));
  for (let p = 0; p < options.packages; p++) {
    for (let i = 0; i < internals; i++)
      modules.push({
        pkg: p,
        kind: 'internal',
        name: `util-${i}`,
        path: `${pkgDir(p)}/src/internal/util-${i}.ts`,
        order: order++,
      });
    for (let f = 0; f < perPackage - 1 - internals; f++)
      modules.push({
        pkg: p,
        kind: 'feature',
        name: `feature-${f}`,
        path: `${pkgDir(p)}/src/feature/feature-${f}.ts`,
        order: order++,
      });
    modules.push({ pkg: p, kind: 'index', name: 'index', path: `${pkgDir(p)}/src/index.ts`, order: order++ });
  }
  const imports = new Map<Module, string[]>(modules.map((m) => [m, []]));
  const specifier = (from: Module, to: Module): string => {
    if (to.kind === 'index') return pkgName(to.pkg);
    if (to.pkg === from.pkg) {
      if (to.kind === 'internal') return `#internal/${to.name}`;
      return from.kind === 'index'
        ? `./feature/${to.name}`
        : from.kind === 'feature'
          ? `./${to.name}`
          : `../feature/${to.name}`;
    }
    if (to.kind === 'internal') return `@alias/pkg-${to.pkg}/internal/${to.name}`; // not exported: only the alias reaches it
    return random.chance(0.5) ? `${pkgName(to.pkg)}/feature/${to.name}` : `@alias/pkg-${to.pkg}/feature/${to.name}`;
  };

  // Injected cycles first: their members import nothing else, so cycles never merge with each other or the rest.
  const cycleMembers = new Set<Module>();
  const cycles: string[][] = [];
  const features = (p: number): Module[] =>
    modules.filter((m) => m.pkg === p && m.kind === 'feature' && !cycleMembers.has(m));
  const internalsOf = (p: number): Module[] =>
    modules.filter((m) => m.pkg === p && m.kind === 'internal' && !cycleMembers.has(m));
  for (let c = 0; c < options.cycles && options.packages >= 2; c++) {
    const x = (2 * c) % options.packages;
    const y = (2 * c + 1) % options.packages;
    const a = features(x)[0];
    const b = features(y)[0];
    const cc = internalsOf(y)[0];
    if (a === undefined || b === undefined || cc === undefined) break;
    for (const m of [a, b, cc]) cycleMembers.add(m);
    imports.set(a, [`${pkgName(y)}/feature/${b.name}`]);
    imports.set(b, [`#internal/${cc.name}`]);
    imports.set(cc, [`@alias/pkg-${x}/feature/${a.name}`]);
    cycles.push([a.path, b.path, cc.path]);
  }
  for (const m of modules) {
    if (cycleMembers.has(m)) continue;
    const list = imports.get(m) ?? [];
    if (m.kind === 'index') {
      for (const f of modules) if (f.pkg === m.pkg && f.kind === 'feature') list.push(specifier(m, f));
    } else {
      const earlier = modules.filter((o) => o.order < m.order && (o.kind !== 'index' || o.pkg < m.pkg));
      const count = earlier.length === 0 ? 0 : random.int(1, Math.min(4, earlier.length));
      const picked = new Set<Module>();
      for (let k = 0; k < count; k++) {
        // Mostly nearby modules (same or previous package), some anywhere earlier.
        const near = earlier.filter((o) => o.pkg >= m.pkg - 1);
        picked.add(random.pick(near.length > 0 && random.chance(0.8) ? near : earlier));
      }
      for (const to of picked) list.push(specifier(m, to));
    }
    imports.set(m, list);
  }

  const write = (rel: string, text: string): void => {
    const abs = join(root, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  };
  write(
    'package.json',
    `${JSON.stringify({ name: 'generated-monorepo', private: true, workspaces: ['packages/*'] }, null, 2)}\n`,
  );
  const paths: Record<string, string[]> = {};
  for (let p = 0; p < options.packages; p++) paths[`@alias/pkg-${p}/*`] = [`${pkgDir(p)}/src/*`];
  write(
    'tsconfig.json',
    `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          strict: true,
          noEmit: true,
          baseUrl: '.',
          paths,
        },
        include: ['packages'],
      },
      null,
      2,
    )}\n`,
  );
  for (let p = 0; p < options.packages; p++) {
    write(
      `${pkgDir(p)}/package.json`,
      `${JSON.stringify(
        {
          name: pkgName(p),
          version: '1.0.0',
          type: 'module',
          exports: { '.': './src/index.ts', './feature/*': './src/feature/*.ts' },
          imports: { '#internal/*': './src/internal/*.ts' },
        },
        null,
        2,
      )}\n`,
    );
    mkdirSync(join(root, 'node_modules', '@mono'), { recursive: true });
    symlinkSync(join('..', '..', pkgDir(p)), join(root, 'node_modules', '@mono', `pkg-${p}`), 'dir');
  }
  for (const m of modules) {
    const list = imports.get(m) ?? [];
    const lines =
      m.kind === 'index'
        ? list.map((s) => `export * from '${s}';`)
        : [
            ...list.map((s, i) => `import * as dep${i} from '${s}';`),
            `export const ${m.name.replace(/-/g, '_')} = [${list.map((_, i) => `dep${i}`).join(', ')}].length;`,
          ];
    write(m.path, `${lines.join('\n')}\n`);
  }
  return {
    sourceFiles: modules.map((m) => m.path),
    packageDirs: Array.from({ length: options.packages }, (_, p) => pkgDir(p)),
    cycles,
  };
}
