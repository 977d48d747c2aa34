import fc from 'fast-check';
import { mkdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAnalysisSession, type AnalysisSession } from './analysis-session.js';
import { analyzeArchitecture, type ArchitectureReport } from './analyze-architecture.js';
import { EDGE_STORE_FILE_NAME } from './cache/index.js';
import { AccError } from './errors.js';
import { FolderWatcher } from './scan/index.js';
import { parseArchitectureRules } from './rules/index.js';
import { createTempProject, reportVerdict, THREE_LAYER_RULES_YAML, type TempProject } from './test-support.js';

let project: TempProject | undefined;
let session: AnalysisSession | undefined;
afterEach(() => {
  session?.close();
  session = undefined;
  project?.dispose();
  project = undefined;
});

const RULES = parseArchitectureRules(THREE_LAYER_RULES_YAML);

const LAYERS = ['ui', 'domain', 'data'] as const;
const MODULES = ['m0', 'm1', 'm2'] as const;
const PATHS = LAYERS.flatMap((layer) =>
  ['a', 'b'].flatMap((folder) => MODULES.map((m) => `src/${layer}/${folder}/${m}.ts`)),
);
const FOLDERS = LAYERS.flatMap((layer) => ['a', 'b'].map((folder) => `src/${layer}/${folder}`));
/** An old, fixed time: a copy that keeps mtimes (cp -a, rsync -t) leaves the stat as it was; only events tell. */
const LONG_AGO = new Date('2020-01-01T00:00:00Z');

/** A module importing `targets`; every import line has the same length, so swapping targets keeps the size. */
function moduleText(targets: readonly string[]): string {
  return (
    targets
      .map((t, i) => `import x${i} from '/${t.replace(/\.ts$/, '')}';\n`)
      .join('')
      .replaceAll("'/src/", "'../../../src/") + 'export {};\n'
  );
}

function writeModule(root: string, path: string, targets: readonly string[]): void {
  const abs = join(root, path);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, moduleText(targets));
  utimesSync(abs, LONG_AGO, LONG_AGO);
}

function seedProject(): TempProject {
  const p = createTempProject();
  PATHS.forEach((path, i) => writeModule(p.root, path, [PATHS[(i + 1) % PATHS.length] as string]));
  return p;
}

async function uncached(root: string): Promise<ArchitectureReport> {
  return analyzeArchitecture(root, { rules: RULES, cache: false });
}

const sameAnalysis = (a: ArchitectureReport, b: ArchitectureReport): void =>
  expect(reportVerdict(a)).toEqual(reportVerdict(b));

describe('openAnalysisSession', () => {
  it('re-reads only the files written since the last analysis, without listing a folder or statting the rest', async () => {
    project = seedProject();
    session = openAnalysisSession(project.root, { rules: RULES });
    const first = await session.analyze();
    expect(first.counters).toMatchObject({ filesDiscovered: PATHS.length, filesParsed: PATHS.length });
    expect(session.watchedFolders).toBe(1 + 1 + LAYERS.length + FOLDERS.length); // root, src, layers, leaves

    // Same size, same (old) mtime, different import: stat alone cannot see this edit. No wait before analyze().
    writeModule(project.root, 'src/data/a/m0.ts', ['src/ui/a/m2.ts']);
    writeModule(project.root, 'src/ui/b/m1.ts', ['src/ui/b/m1.ts']);
    const second = await session.analyze();
    expect(second.counters).toMatchObject({
      foldersListed: 0,
      filesScanned: 2,
      filesParsed: 2,
      cacheHits: PATHS.length - 2,
    });
    expect(
      second.violations.some((v) => v.sourceFile === 'src/data/a/m0.ts' && v.targetFile === 'src/ui/a/m2.ts'),
    ).toBe(true);
    sameAnalysis(second, await uncached(project.root));

    const third = await session.analyze(); // nothing changed
    expect(third.counters).toMatchObject({ foldersListed: 0, filesScanned: 0, filesParsed: 0 });
  });

  it('follows added, removed, renamed and replaced folders', async () => {
    project = seedProject();
    session = openAnalysisSession(project.root, { rules: RULES });
    await session.analyze();

    writeModule(project.root, 'src/domain/c/new.ts', ['src/domain/a/m0.ts']);
    sameAnalysis(await session.analyze(), await uncached(project.root));
    writeModule(project.root, 'src/domain/c/deeper/newer.ts', ['src/data/b/m1.ts']); // inside the folder just found
    sameAnalysis(await session.analyze(), await uncached(project.root));

    rmSync(join(project.root, 'src/ui/a'), { recursive: true });
    renameSync(join(project.root, 'src/data/b'), join(project.root, 'src/data/z'));
    const moved = await session.analyze();
    sameAnalysis(moved, await uncached(project.root));
    expect(moved.counters.filesDiscovered).toBe(PATHS.length - 3 + 2);

    // Replaced with a copy that keeps names, sizes and mtimes: only the parent's events can tell.
    rmSync(join(project.root, 'src/domain/a'), { recursive: true });
    for (const m of MODULES) writeModule(project.root, `src/domain/a/${m}.ts`, ['src/data/a/m1.ts']);
    utimesSync(join(project.root, 'src/domain/a'), LONG_AGO, LONG_AGO);
    const replaced = await session.analyze();
    sameAnalysis(replaced, await uncached(project.root));
    writeModule(project.root, 'src/domain/a/m0.ts', ['src/domain/a/m1.ts']); // the new folder is watched
    sameAnalysis(await session.analyze(), await uncached(project.root));
  });

  it('rebuilds the graph from the imports it kept, without the edge store, when an edit changes it', async () => {
    project = seedProject();
    const cacheDir = join(project.root, '.maestro-cache');
    session = openAnalysisSession(project.root, { rules: RULES, cacheDir });
    await session.analyze();
    rmSync(join(cacheDir, EDGE_STORE_FILE_NAME)); // a plain cached run would now have to read every file again
    writeModule(project.root, 'src/data/b/m2.ts', ['src/ui/b/m0.ts', 'src/domain/a/m1.ts']);
    const changed = await session.analyze();
    expect(changed.counters).toMatchObject({ filesScanned: 1, filesParsed: 1, evaluationsComputed: 1 });
    expect(changed.notes).toEqual([]);
    sameAnalysis(changed, await uncached(project.root));
  });

  it('resolves every file again when the tsconfig path mapping changes, and agrees with an uncached analysis', async () => {
    project = seedProject();
    writeFileSync(join(project.root, 'src/ui/a/alias.ts'), "import d from '@data/a/m0';\nexport {};\n");
    session = openAnalysisSession(project.root, { rules: RULES });
    const before = await session.analyze();
    expect(before.unresolvedImports).toEqual([]); // '@data/...' is an external package until the mapping says otherwise
    writeFileSync(
      join(project.root, 'tsconfig.json'),
      '{ "compilerOptions": { "baseUrl": ".", "paths": { "@data/*": ["src/data/*"] } } }',
    );
    const mapped = await session.analyze();
    expect(mapped.counters).toMatchObject({ filesParsed: 0, evaluationsComputed: 1 });
    expect(
      mapped.violations.some((v) => v.sourceFile === 'src/ui/a/alias.ts' && v.targetFile === 'src/data/a/m0.ts'),
    ).toBe(true);
    sameAnalysis(mapped, await uncached(project.root));
  });

  it('keeps working when its cache folder is deleted, as deleting the cache always may be', async () => {
    project = seedProject();
    const cacheDir = join(project.root, '.maestro-cache');
    session = openAnalysisSession(project.root, { rules: RULES, cacheDir });
    await session.analyze();
    for (const recreate of [false, true]) {
      rmSync(cacheDir, { recursive: true });
      if (recreate) mkdirSync(cacheDir); // someone else made it again: the old watch of it is dead
      writeModule(project.root, 'src/ui/a/m1.ts', recreate ? ['src/data/a/m0.ts'] : []);
      const started = performance.now();
      const report = await session.analyze();
      expect(performance.now() - started).toBeLessThan(1_500); // no wait for a cookie that cannot come back
      sameAnalysis(report, await uncached(project.root));
      writeModule(project.root, 'src/ui/a/m2.ts', [recreate ? 'src/ui/a/m1.ts' : 'src/ui/a/m0.ts']);
      const next = await session.analyze();
      expect(next.counters).toMatchObject({ foldersListed: 0, filesParsed: 1 });
      expect(next.notes).toEqual([]);
      sameAnalysis(next, await uncached(project.root));
    }
  });

  it('agrees with an uncached analysis after any sequence of edits (property)', async () => {
    const target = fc.constantFrom(...PATHS);
    const op = fc.oneof(
      fc.record({ kind: fc.constant('write' as const), path: target, targets: fc.array(target, { maxLength: 3 }) }),
      fc.record({ kind: fc.constant('remove' as const), path: target }),
      fc.record({ kind: fc.constant('remove-folder' as const), folder: fc.constantFrom(...FOLDERS) }),
      fc.record({
        kind: fc.constant('move-folder' as const),
        from: fc.constantFrom(...FOLDERS),
        to: fc.constantFrom(...FOLDERS),
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(op, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }),
        async (batches) => {
          const p = seedProject();
          const s = openAnalysisSession(p.root, { rules: RULES });
          try {
            await s.analyze();
            for (const batch of batches) {
              for (const o of batch) {
                if (o.kind === 'write') writeModule(p.root, o.path, o.targets);
                else if (o.kind === 'remove') rmSync(join(p.root, o.path), { force: true });
                else if (o.kind === 'remove-folder') rmSync(join(p.root, o.folder), { recursive: true, force: true });
                else if (o.from !== o.to) {
                  rmSync(join(p.root, o.to), { recursive: true, force: true });
                  mkdirSync(dirname(join(p.root, o.to)), { recursive: true });
                  try {
                    renameSync(join(p.root, o.from), join(p.root, o.to));
                  } catch {
                    // the source folder was removed earlier in the sequence
                  }
                }
              }
              sameAnalysis(await s.analyze(), await uncached(p.root));
            }
          } finally {
            s.close();
            p.dispose();
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('needs the cache, and refuses to analyse once closed', async () => {
    const p = (project = seedProject());
    expect(() => openAnalysisSession(p.root, { cache: false })).toThrow(
      expect.objectContaining({ code: 'ACC_SESSION_NEEDS_CACHE' }),
    );
    expect(() => openAnalysisSession(join(p.root, 'missing'))).toThrow(
      expect.objectContaining({ code: 'ACC_ROOT_NOT_FOUND' }),
    );
    session = openAnalysisSession(p.root, { rules: RULES });
    await session.analyze();
    const waiting = session.changed();
    session.close();
    await expect(waiting).rejects.toBeInstanceOf(AccError);
    await expect(session.analyze()).rejects.toMatchObject({ code: 'ACC_SESSION_CLOSED' });
  });

  it('resolves changed() on the next change, and rejects it when aborted', async () => {
    project = seedProject();
    session = openAnalysisSession(project.root, { rules: RULES });
    await session.analyze();
    const controller = new AbortController();
    const aborted = session.changed(controller.signal);
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    const next = session.changed();
    writeModule(project.root, 'src/ui/a/m0.ts', []);
    await expect(next).resolves.toBeUndefined();
  });
});

describe('FolderWatcher', () => {
  it('reports a folder it could not watch as lost events, so the next analysis looks at everything', () => {
    project = createTempProject();
    const watcher = new FolderWatcher(join(project.root, '.cache'));
    try {
      watcher.watchFolder(join(project.root, 'no-such-folder'), 'no-such-folder', false);
      expect(watcher.take().lost).toMatch(/^could not watch no-such-folder/);
      expect(watcher.take().lost).toBeUndefined();
    } finally {
      watcher.close();
    }
  });

  it('syncs: every change made before sync() is recorded when it resolves', async () => {
    project = createTempProject({ 'a/x.ts': '' });
    const watcher = new FolderWatcher(join(project.root, '.cache'));
    try {
      watcher.watchFolder(join(project.root, 'a'), 'a', false);
      writeFileSync(join(project.root, 'a/x.ts'), 'export {};\n');
      writeFileSync(join(project.root, 'a/y.ts'), '');
      expect(await watcher.sync(2_000)).toBe(true);
      const changes = watcher.take();
      expect([...changes.files].sort()).toEqual(['a/x.ts', 'a/y.ts']);
      expect([...changes.folders]).toEqual(['a']);
    } finally {
      watcher.close();
    }
  });
});
