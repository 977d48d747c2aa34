import { existsSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildImportGraph } from './build-import-graph.js';
import { EDGE_STORE_FILE_NAME } from './cache/index.js';
import { CACHE_FILE_NAME, CACHE_JOURNAL_FILE_NAME } from './cache/index.js';
import { createTempProject, type TempProject } from './test-support.js';
import type { ImportGraph } from './types.js';

let project: TempProject | undefined;
afterEach(() => project?.dispose());

function edgesOf(graph: ImportGraph, file: string): [string, string, string][] {
  return (graph.edgesByFile.get(file) ?? []).map((e) => [e.specifier, e.status, e.to]);
}

describe('buildImportGraph resolution', () => {
  it('resolves extensions, index files, emitted-extension imports, .mts/.cts, json, externals and builtins', async () => {
    project = createTempProject({
      'src/main.ts': [
        "import a from './a';", // a.ts
        "import b from './b.js';", // b.ts via .js -> .ts
        "import c from './dir';", // dir/index.tsx
        "import m from './m.mjs';", // m.mts
        "import k from './k.cjs';", // k.cts
        "import j from './data.json';",
        "import plain from './plain.js';", // real .js file
        "import r from 'react';",
        "import s from '@scope/pkg/sub';",
        "import fs from 'node:fs';",
        "import path from 'path';",
        "import gone from './missing';",
        "import up from '../../outside';",
        "import sv from './icon.svg?raw';",
      ].join('\n'),
      'src/a.ts': '',
      'src/b.ts': '',
      'src/dir/index.tsx': '',
      'src/m.mts': '',
      'src/k.cts': '',
      'src/data.json': '{}',
      'src/plain.js': '',
      'src/icon.svg': '<svg/>',
    });
    const graph = await buildImportGraph(project.root, { cache: false });
    expect(edgesOf(graph, 'src/main.ts')).toEqual([
      ['./a', 'internal', 'src/a.ts'],
      ['./b.js', 'internal', 'src/b.ts'],
      ['./dir', 'internal', 'src/dir/index.tsx'],
      ['./m.mjs', 'internal', 'src/m.mts'],
      ['./k.cjs', 'internal', 'src/k.cts'],
      ['./data.json', 'internal', 'src/data.json'],
      ['./plain.js', 'internal', 'src/plain.js'],
      ['react', 'external', 'react'],
      ['@scope/pkg/sub', 'external', '@scope/pkg'],
      ['node:fs', 'builtin', 'node:fs'],
      ['path', 'builtin', 'node:path'],
      ['./missing', 'unresolved', './missing'],
      ['../../outside', 'outside-root', '../../outside'],
      ['./icon.svg?raw', 'internal', 'src/icon.svg'],
    ]);
    expect(graph.counters.unresolvedEdges).toBe(1);
    expect(graph.files).toEqual([
      'src/a.ts',
      'src/b.ts',
      'src/dir/index.tsx',
      'src/k.cts',
      'src/m.mts',
      'src/main.ts',
      'src/plain.js',
    ]);
  });

  it('applies tsconfig paths and baseUrl, including an extended config with comments', async () => {
    project = createTempProject({
      'tsconfig.base.json':
        '{\n // comment\n "compilerOptions": { "baseUrl": ".", "paths": { "@app/*": ["src/app/*"], "@cfg": ["src/config/index.ts"], "@gone/*": ["src/nothing/*"] } },\n}',
      'tsconfig.json': '{ "extends": "./tsconfig.base.json" }',
      'src/app/users/service.ts': '',
      'src/config/index.ts': '',
      'src/lib/util.ts': '',
      'src/main.ts':
        "import s from '@app/users/service';\nimport c from '@cfg';\nimport u from 'src/lib/util';\nimport g from '@gone/x';\nimport e from 'lodash';",
    });
    const graph = await buildImportGraph(project.root, { cache: false });
    expect(edgesOf(graph, 'src/main.ts')).toEqual([
      ['@app/users/service', 'internal', 'src/app/users/service.ts'],
      ['@cfg', 'internal', 'src/config/index.ts'],
      ['src/lib/util', 'internal', 'src/lib/util.ts'],
      // As tsc: a paths pattern that matches with no file behind it falls back to package resolution, and no
      // package of that name is installed.
      ['@gone/x', 'unresolved', '@gone/x'],
      ['lodash', 'external', 'lodash'],
    ]);
  });

  it('resolves paths relative to the tsconfig when baseUrl is absent', async () => {
    project = createTempProject({
      'tsconfig.json': '{ "compilerOptions": { "paths": { "~/*": ["./src/*"] } } }',
      'src/x.ts': '',
      'main.ts': "import x from '~/x';",
    });
    const graph = await buildImportGraph(project.root, { cache: false });
    expect(edgesOf(graph, 'main.ts')).toEqual([['~/x', 'internal', 'src/x.ts']]);
  });

  it('skips node_modules and .git, never follows a symlink out of the root, and notes binary and huge files', async () => {
    project = createTempProject({
      'src/ok.ts': "import x from 'dep';",
      'node_modules/dep/index.js': "require('./never-read');",
      '.git/hooks/x.js': '',
      'src/huge.js': `// ${'x'.repeat(3000)}`,
    });
    project.write('src/blob.js', Buffer.from([0x69, 0x6d, 0x00, 0x01, 0x02]));
    const outside = createTempProject({ 'secret.ts': "import s from './s';" });
    try {
      symlinkSync(join(outside.root, 'secret.ts'), join(project.root, 'src', 'escape.ts'));
      symlinkSync(outside.root, join(project.root, 'src', 'escape-dir'));
      symlinkSync(join(project.root, 'src', 'ok.ts'), join(project.root, 'src', 'alias.ts'));
      const graph = await buildImportGraph(project.root, { cache: false, maxFileBytes: 1000 });
      expect(graph.files).toEqual(['src/ok.ts']);
      expect(graph.skipped.map((s) => [s.path, s.reason])).toEqual([
        ['src/alias.ts', 'symlink-duplicate'],
        ['src/blob.js', 'binary'],
        ['src/escape-dir', 'symlink-escape'],
        ['src/escape.ts', 'symlink-escape'],
        ['src/huge.js', 'too-large'],
      ]);
      expect(graph.counters.filesDiscovered).toBe(3); // ok, huge, blob: symlinks are not candidates
    } finally {
      outside.dispose();
    }
  });

  it('rejects a missing root with a typed error', async () => {
    await expect(buildImportGraph('/definitely/not/here')).rejects.toMatchObject({
      name: 'RootNotFoundError',
      code: 'ACC_ROOT_NOT_FOUND',
    });
  });

  it('stops when aborted', async () => {
    project = createTempProject({ 'a.ts': '' });
    const controller = new AbortController();
    controller.abort();
    await expect(buildImportGraph(project.root, { signal: controller.signal })).rejects.toThrow();
  });
});

describe('buildImportGraph incremental cache', () => {
  const FILES = 200;
  const HOUR_AGO = (Date.now() - 3_600_000) / 1000;

  function makeProject(): TempProject {
    const files: Record<string, string> = {};
    for (let i = 0; i < FILES; i++)
      files[`src/m${i}.ts`] = `import next from './m${(i + 1) % FILES}';\nexport const v${i} = ${i};\n`;
    const p = createTempProject(files);
    // Files written "now" would be racily clean for the first run's cache; age them like a real checkout.
    for (let i = 0; i < FILES; i++) utimesSync(join(p.root, `src/m${i}.ts`), HOUR_AGO, HOUR_AGO);
    return p;
  }

  it('re-reads and re-parses only the changed files on the second run', async () => {
    project = makeProject();
    const first = await buildImportGraph(project.root);
    expect(first.counters).toMatchObject({
      filesDiscovered: FILES,
      filesScanned: FILES,
      filesParsed: FILES,
      cacheHits: 0,
    });

    for (let i = 0; i < 10; i++) project.write(`src/m${i * 7}.ts`, `import other from './m${i}';\n`);
    const second = await buildImportGraph(project.root);
    expect(second.counters).toMatchObject({ filesScanned: 10, filesParsed: 10, cacheHits: FILES - 10 });
    expect(second.edgesByFile.get('src/m7.ts')?.map((e) => e.to)).toEqual(['src/m1.ts']);
    expect(second.edgesByFile.get('src/m8.ts')?.map((e) => e.to)).toEqual(['src/m9.ts']);
  });

  it('reads but does not re-parse a touched file whose content is unchanged', async () => {
    project = makeProject();
    await buildImportGraph(project.root);
    const later = (Date.now() - 1_800_000) / 1000;
    utimesSync(join(project.root, 'src/m3.ts'), later, later);
    const second = await buildImportGraph(project.root);
    expect(second.counters).toMatchObject({ filesScanned: 1, filesParsed: 0, cacheHits: FILES });
  });

  it('does not trust stat for files modified within the racy window of the caching run', async () => {
    project = makeProject();
    let clock = Date.now();
    await buildImportGraph(project.root, { now: () => clock });
    // Same size and mtime as cached, but the mtime is at the caching run's start: a same-tick rewrite is possible.
    const racy = clock / 1000;
    utimesSync(join(project.root, 'src/m5.ts'), racy, racy);
    await buildImportGraph(project.root, { now: () => clock });
    clock += 60_000;
    const third = await buildImportGraph(project.root, { now: () => clock });
    expect(third.counters.filesScanned).toBe(1);
    expect(third.counters.filesParsed).toBe(0);
  });

  it('re-resolves unchanged files when the file set or the path mapping changes', async () => {
    project = makeProject();
    project.write('src/late.ts', "import b from './born-later';\nimport c from '@alias/m1';");
    const hourAgo = (Date.now() - 3_600_000) / 1000;
    utimesSync(join(project.root, 'src/late.ts'), hourAgo, hourAgo);
    const first = await buildImportGraph(project.root);
    expect(first.edgesByFile.get('src/late.ts')?.map((e) => e.status)).toEqual(['unresolved', 'external']);

    project.write('src/born-later.ts', '');
    const second = await buildImportGraph(project.root);
    expect(second.counters.filesParsed).toBe(1); // only the new file is lexed ...
    expect(second.edgesByFile.get('src/late.ts')?.map((e) => [e.status, e.to])).toEqual([
      ['internal', 'src/born-later.ts'],
      ['external', '@alias/m1'],
    ]);

    project.write('tsconfig.json', '{ "compilerOptions": { "paths": { "@alias/*": ["./src/*"] } } }');
    const third = await buildImportGraph(project.root);
    expect(third.counters.filesParsed).toBe(0); // ... and a mapping change re-resolves without re-lexing
    expect(third.edgesByFile.get('src/late.ts')?.[1]).toMatchObject({ status: 'internal', to: 'src/m1.ts' });
  });

  it('discards a corrupt cache with a warning and rebuilds it', async () => {
    project = makeProject();
    await buildImportGraph(project.root);
    const index = join(project.root, '.maestro-cache', CACHE_FILE_NAME);
    writeFileSync(index, readFileSync(index, 'utf8').replace(/"sizes":\[\d+/, '"sizes":["big"'));
    const second = await buildImportGraph(project.root);
    expect(second.notes.some((n) => n.startsWith('corrupt import cache discarded'))).toBe(true);
    expect(second.counters.filesParsed).toBe(FILES);
    writeFileSync(index, '{not json');
    const third = await buildImportGraph(project.root);
    expect(third.notes.some((n) => n.startsWith('corrupt import cache discarded'))).toBe(true);
    const fourth = await buildImportGraph(project.root);
    expect(fourth.notes).toEqual([]);
    expect(fourth.counters.cacheHits).toBe(FILES);
  });

  it('never trusts a damaged edge store: the affected file is read again and the store repaired', async () => {
    project = makeProject();
    const first = await buildImportGraph(project.root);
    const store = join(project.root, '.maestro-cache', EDGE_STORE_FILE_NAME);
    // Well-formed but wrong: m1 claims to import m7. Only its digest in the index can tell.
    writeFileSync(store, readFileSync(store, 'utf8').replace('./m2\\t0\\tsrc/m2.ts', './m7\\t0\\tsrc/m7.ts'));
    project.write('tsconfig.json', '{}'); // a new file: every file is re-resolved from the store
    const second = await buildImportGraph(project.root);
    expect(second.notes).toContain('cached imports of 1 file(s) missing or damaged (src/m1.ts); read again');
    expect(second.counters).toMatchObject({ filesScanned: 1, filesParsed: 1 });
    expect(second.edgesByFile).toEqual(first.edgesByFile);

    writeFileSync(store, '{"format":');
    project.write('extra.json', '{}');
    const third = await buildImportGraph(project.root);
    expect(third.notes.some((n) => n.startsWith('corrupt edge cache discarded'))).toBe(true);
    // One note for the damaged store and one for the files read again, not one per file.
    expect(third.notes).toHaveLength(2);
    expect(third.notes[1]).toMatch(new RegExp(`^cached imports of ${FILES} file\\(s\\) missing or damaged`));
    expect(third.counters.filesParsed).toBe(FILES);
    expect(third.edgesByFile).toEqual(first.edgesByFile);
    project.write('extra-2.json', '{}');
    const fourth = await buildImportGraph(project.root);
    expect(fourth.notes).toEqual([]);
    expect(fourth.counters.filesParsed).toBe(0);
  });

  it('journals a small change beside the unchanged base file, and folds a large one into a full rewrite', async () => {
    project = makeProject();
    const cache = join(project.root, '.maestro-cache');
    await buildImportGraph(project.root);
    const base = readFileSync(join(cache, CACHE_FILE_NAME), 'utf8');
    expect(existsSync(join(cache, CACHE_JOURNAL_FILE_NAME))).toBe(false);

    const halfHourAgo = (Date.now() - 1_800_000) / 1000;
    for (let i = 0; i < 10; i++) {
      project.write(`src/m${i * 7}.ts`, `import other from './m${i}';\n`);
      utimesSync(join(project.root, `src/m${i * 7}.ts`), halfHourAgo, halfHourAgo);
    }
    await buildImportGraph(project.root);
    expect(readFileSync(join(cache, CACHE_FILE_NAME), 'utf8')).toBe(base);
    const journal = JSON.parse(readFileSync(join(cache, CACHE_JOURNAL_FILE_NAME), 'utf8')) as {
      files: Record<string, unknown>;
    };
    expect(Object.keys(journal.files).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `src/m${i * 7}.ts`).sort());

    const third = await buildImportGraph(project.root);
    expect(third.counters).toMatchObject({ filesScanned: 0, cacheHits: FILES });
    expect(third.edgesByFile.get('src/m7.ts')?.map((e) => e.to)).toEqual(['src/m1.ts']);

    for (let i = 0; i < 100; i++) project.write(`src/m${i}.ts`, `export const changed${i} = ${i};\n`);
    const fourth = await buildImportGraph(project.root);
    expect(fourth.counters.filesParsed).toBe(100);
    expect(readFileSync(join(cache, CACHE_FILE_NAME), 'utf8')).not.toBe(base);
    expect(existsSync(join(cache, CACHE_JOURNAL_FILE_NAME))).toBe(false);
  });

  it('ignores a journal written against another base and discards the cache when the journal is damaged', async () => {
    project = makeProject();
    const cache = join(project.root, '.maestro-cache');
    await buildImportGraph(project.root);
    project.write('src/m3.ts', 'export const three = 3;\n');
    await buildImportGraph(project.root);
    const journalFile = join(cache, CACHE_JOURNAL_FILE_NAME);
    const journal = readFileSync(journalFile, 'utf8');

    writeFileSync(journalFile, journal.replace(/"base":"[^"]+"/, '"base":"another-base"'));
    const foreign = await buildImportGraph(project.root);
    // The base alone predates the edit of m3: its stat no longer matches, so m3 is read again, never trusted.
    expect(foreign.counters).toMatchObject({ filesScanned: 1, cacheHits: FILES - 1 });
    expect(foreign.edgesByFile.get('src/m3.ts')).toEqual([]);

    writeFileSync(journalFile, journal.slice(0, 40));
    const damaged = await buildImportGraph(project.root);
    expect(
      damaged.notes.some((n) =>
        n.startsWith(
          'corrupt import cache journal discarded: ' +
            join(project?.root ?? '', '.maestro-cache', CACHE_JOURNAL_FILE_NAME),
        ),
      ),
    ).toBe(true);
    expect(damaged.counters.filesParsed).toBe(FILES);
  });
});
