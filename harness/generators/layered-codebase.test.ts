import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LayeredCodebaseManifest } from './codebase-types.js';
import { layeredCodebaseArbitrary, planLayeredCodebase, writeLayeredCodebase } from './layered-codebase.js';
import { ageTree, mutateFiles } from './mutate-files.js';

const LAYER_RANK: Record<string, number> = { presentation: 0, business: 1, data: 2, infrastructure: 3 };
const SOURCE = /\.(ts|tsx|js|cjs)$/;

/** Every file under root, relative, POSIX: read from disk, never from the manifest. */
function walk(root: string, prefix = ''): string[] {
  return readdirSync(join(root, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? walk(root, relative) : [relative];
  });
}

/** An independent resolver: TS bundler rules (extensionless, index, .js -> .ts) plus the tsconfig paths on disk. */
function resolveSpecifier(
  files: ReadonlySet<string>,
  aliases: Record<string, string[]>,
  from: string,
  specifier: string,
): string | null {
  let base: string | undefined;
  if (specifier.startsWith('.')) base = posix.join(posix.dirname(from), specifier);
  for (const [pattern, [target]] of Object.entries(aliases)) {
    const prefix = pattern.replace('*', '');
    if (target && specifier.startsWith(prefix)) base = target.replace('*', specifier.slice(prefix.length));
  }
  if (base === undefined) return null;
  const candidates = /\.js$/.test(base)
    ? [base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), base]
    : [base, `${base}.ts`, `${base}.tsx`, `${base}.js`, `${base}/index.ts`, `${base}/index.js`];
  const found = candidates.find((candidate) => files.has(candidate));
  if (!found) throw new Error(`${from}: cannot resolve ${specifier}`);
  return found;
}

interface ParsedTree {
  edges: Set<string>;
  externals: Set<string>;
  specifiers: Set<string>;
}

function parseTree(root: string): ParsedTree {
  const files = new Set(walk(root));
  const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')) as {
    compilerOptions: { paths?: Record<string, string[]> };
  };
  const aliases = tsconfig.compilerOptions.paths ?? {};
  const parsed: ParsedTree = { edges: new Set(), externals: new Set(), specifiers: new Set() };
  for (const file of files) {
    if (!SOURCE.test(file)) continue;
    const info = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true);
    for (const imported of info.importedFiles) {
      parsed.specifiers.add(imported.fileName);
      const target = resolveSpecifier(files, aliases, file, imported.fileName);
      if (target) parsed.edges.add(`${file} -> ${target}`);
      else parsed.externals.add(`${file} -> ${imported.fileName}`);
    }
  }
  return parsed;
}

/** Tarjan's strongly connected components of size > 1, each sorted, the list sorted. */
function findCycles(edges: Iterable<string>): string[][] {
  const graph = new Map<string, string[]>();
  for (const edge of edges) {
    const [from, to] = edge.split(' -> ') as [string, string];
    graph.set(from, [...(graph.get(from) ?? []), to]);
    if (!graph.has(to)) graph.set(to, []);
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return components.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

function hashTree(root: string): string {
  const hash = createHash('sha256');
  for (const file of walk(root).sort())
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(root, file)))
      .update('\0');
  return hash.digest('hex');
}

const layerOf = (path: string): number => LAYER_RANK[path.split('/')[1] ?? ''] ?? -1;

describe('writeLayeredCodebase', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'loads-codebase-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  describe.each([
    { seed: 1, tsconfigPaths: true, commonJs: true },
    { seed: 2, tsconfigPaths: false, commonJs: false },
  ])('seed $seed (paths: $tsconfigPaths, commonJs: $commonJs)', (variant) => {
    let manifest: LayeredCodebaseManifest;
    let parsed: ParsedTree;
    beforeAll(async () => {
      manifest = await writeLayeredCodebase(join(tmp, `variant-${variant.seed}`), {
        files: 250,
        cycles: 4,
        layerViolations: 6,
        ...variant,
      });
      parsed = parseTree(manifest.root);
    });

    it('writes exactly the listed files with the listed byte total', () => {
      expect(walk(manifest.root).sort()).toEqual([...manifest.files]);
      expect(manifest.sourceFiles).toHaveLength(250);
      const bytes = manifest.files.reduce((sum, file) => sum + statSync(join(manifest.root, file)).size, 0);
      expect(bytes).toBe(manifest.totalBytes);
      expect(manifest.totalBytes / 250).toBeGreaterThan(1000);
    });

    it('lists exactly the edges and externals the TypeScript lexer finds, resolved independently', () => {
      expect([...parsed.edges].sort()).toEqual(manifest.edges.map((e) => `${e.from} -> ${e.to}`));
      expect([...parsed.externals].sort()).toEqual(manifest.externalImports.map((e) => `${e.from} -> ${e.specifier}`));
      for (const edge of manifest.edges) expect(existsSync(join(manifest.root, edge.to))).toBe(true);
    });

    it('uses every import form the analysers must handle', () => {
      const kinds = new Set(manifest.edges.map((e) => e.kind));
      const expected = ['import', 'type-import', 'dynamic-import', 're-export', 'type-re-export'];
      expect([...kinds].sort()).toEqual((variant.commonJs ? [...expected, 'require'] : expected).sort());
      const specifiers = manifest.edges.map((e) => e.specifier);
      expect(specifiers.some((s) => s.endsWith('.js') && !s.includes('legacy'))).toBe(true);
      expect(specifiers.some((s) => /\/[a-z-]+$/.test(s) && s.startsWith('..'))).toBe(true);
      expect(manifest.edges.some((e) => e.to.endsWith('/index.ts') && !e.specifier.includes('index'))).toBe(true);
      expect(specifiers.some((s) => s.startsWith('@core/'))).toBe(variant.tsconfigPaths);
      expect(manifest.externalSpecifiers).toEqual(expect.arrayContaining(['node:fs', 'lodash']));
    });

    it('has the injected cycles, and only them, as strongly connected components', () => {
      expect(manifest.cycles).toHaveLength(4);
      const expected = manifest.cycles.map((cycle) => [...cycle].sort()).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
      expect(findCycles(parsed.edges)).toEqual(expected);
      for (const cycle of manifest.cycles) {
        cycle.forEach((file, i) => expect(parsed.edges.has(`${file} -> ${cycle[(i + 1) % cycle.length]}`)).toBe(true));
      }
    });

    it('respects layering except for exactly the injected violations', () => {
      const violations = manifest.edges.filter(
        (e) => layerOf(e.to) !== layerOf(e.from) && layerOf(e.to) !== layerOf(e.from) + 1,
      );
      expect(
        violations.map((e) => ({ from: e.from, to: e.to })).sort((a, b) => (a.from + a.to < b.from + b.to ? -1 : 1)),
      ).toEqual(
        manifest.layerViolations
          .map((v) => ({ from: v.from, to: v.to }))
          .sort((a, b) => (a.from + a.to < b.from + b.to ? -1 : 1)),
      );
      expect(manifest.layerViolations).toHaveLength(6);
      for (const v of manifest.layerViolations) expect([v.fromLayer, v.toLayer]).toEqual(['presentation', 'data']);
    });

    it('hides import-looking decoys in comments and strings that a lexer ignores but a regex does not', () => {
      const naive = /(?:from\s+|require\(|import\()\s*['"]([^'"]+)['"]/g;
      const regexFinds = new Set<string>();
      for (const file of manifest.sourceFiles) {
        for (const match of readFileSync(join(manifest.root, file), 'utf8').matchAll(naive)) regexFinds.add(match[1]!);
      }
      for (const decoy of manifest.decoySpecifiers) {
        expect(regexFinds.has(decoy)).toBe(true);
        expect(parsed.specifiers.has(decoy)).toBe(false);
      }
    });
  });

  it('is deterministic: same seed, same bytes; another seed, another tree', async () => {
    const options = { files: 120, cycles: 2, layerViolations: 2, tsconfigPaths: true };
    const a = await writeLayeredCodebase(join(tmp, 'det-a'), { ...options, seed: 5 });
    const b = await writeLayeredCodebase(join(tmp, 'det-b'), { ...options, seed: 5 });
    const c = await writeLayeredCodebase(join(tmp, 'det-c'), { ...options, seed: 6 });
    expect(hashTree(a.root)).toBe(hashTree(b.root));
    expect(hashTree(a.root)).not.toBe(hashTree(c.root));
    expect({ ...a, root: '' }).toEqual({ ...b, root: '' });
  });

  it('mutateFiles changes content but never the import graph', async () => {
    const manifest = await writeLayeredCodebase(join(tmp, 'mutate'), { files: 150, seed: 8, cycles: 1 });
    const before = parseTree(manifest.root);
    const hashes = new Map(
      manifest.sourceFiles.map((f) => [
        f,
        createHash('sha1')
          .update(readFileSync(join(manifest.root, f)))
          .digest('hex'),
      ]),
    );
    const result = await mutateFiles(manifest.root, manifest, 10, 99);
    expect(result.changedFiles).toHaveLength(10);
    const changed = manifest.sourceFiles.filter(
      (f) =>
        hashes.get(f) !==
        createHash('sha1')
          .update(readFileSync(join(manifest.root, f)))
          .digest('hex'),
    );
    expect(changed).toEqual([...result.changedFiles]);
    expect(changed.some((f) => manifest.barrels.includes(f))).toBe(false);
    expect(parseTree(manifest.root)).toEqual(before);
    const again = await mutateFiles(manifest.root, manifest, 10, 100);
    expect(again.changedFiles).not.toEqual(result.changedFiles);
    await expect(mutateFiles(manifest.root, manifest, 10_000, 1)).rejects.toThrow(RangeError);
  });

  it('ageTree sets every file and folder back by the given age, and mutateFiles then stands out', async () => {
    const manifest = await writeLayeredCodebase(join(tmp, 'age'), { files: 120, seed: 3 });
    const entries = walk(manifest.root);
    const folders = new Set(
      entries.flatMap((p) =>
        p
          .split('/')
          .slice(0, -1)
          .map((_, i, parts) => parts.slice(0, i + 1).join('/')),
      ),
    );
    expect(await ageTree(manifest.root, 3_600_000)).toBe(entries.length + folders.size + 1);
    const hourAgo = Date.now() - 3_600_000;
    for (const path of [...entries, ...folders, '.'])
      expect(Math.abs(statSync(join(manifest.root, path)).mtimeMs - hourAgo)).toBeLessThan(60_000);
    const { changedFiles } = await mutateFiles(manifest.root, manifest, 3, 1);
    const fresh = entries.filter((p) => statSync(join(manifest.root, p)).mtimeMs > hourAgo + 60_000);
    expect(fresh).toEqual([...changedFiles]);
  });

  it('writes 5,000 files in a few seconds', async () => {
    const started = performance.now();
    const manifest = await writeLayeredCodebase(join(tmp, 'large'), {
      files: 5000,
      seed: 11,
      cycles: 10,
      layerViolations: 20,
      tsconfigPaths: true,
    });
    const elapsedMs = performance.now() - started;
    expect(manifest.sourceFiles).toHaveLength(5000);
    expect(manifest.cycles).toHaveLength(10);
    expect(manifest.edges.length).toBeGreaterThan(10_000);
    // Typically 1-4 s; the bound is generous because this machine is shared with parallel jobs.
    expect(elapsedMs).toBeLessThan(25_000);
  });

  it('rejects sizes that cannot hold the requested faults', () => {
    expect(() => planLayeredCodebase({ files: 10, seed: 1 })).toThrow(RangeError);
    expect(() => planLayeredCodebase({ files: 16, seed: 1, cycles: 50 })).toThrow(/cycles/);
  });
});

describe('layeredCodebaseArbitrary', () => {
  it('yields internally consistent plans', () => {
    fc.assert(
      fc.property(
        layeredCodebaseArbitrary({ maxFiles: 60, maxCycles: 3, maxLayerViolations: 3 }),
        ({ files, manifest }) => {
          const sources = new Set(manifest.sourceFiles);
          expect(files.map((f) => f.path).sort()).toEqual(manifest.files);
          for (const edge of manifest.edges) expect(sources.has(edge.to) && sources.has(edge.from)).toBe(true);
          const cycleFiles = manifest.cycles.flat();
          expect(new Set(cycleFiles).size).toBe(cycleFiles.length);
        },
      ),
      { seed: 21, numRuns: 40 },
    );
  });
});
