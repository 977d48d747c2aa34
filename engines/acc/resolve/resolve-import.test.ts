import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildImportGraph } from '../build-import-graph.js';
import { analyzeArchitecture } from '../analyze-architecture.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'acc-imports-')));
  made.push(root);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

const edgesOf = async (
  root: string,
  file: string,
  options: { tsconfig?: string } = {},
): Promise<Record<string, string>> => {
  const graph = await buildImportGraph(root, { cache: false, ...options });
  return Object.fromEntries((graph.edgesByFile.get(file) ?? []).map((e) => [e.specifier, `${e.status}:${e.to}`]));
};

describe('import resolution in an analysis', () => {
  it('resolves trailing-slash folders, package.json types before index, #imports, workspace packages and symlinked files', async () => {
    const root = tree({
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'esnext', moduleResolution: 'bundler' } }),
      'package.json': JSON.stringify({
        name: 'mono',
        workspaces: ['packages/*'],
        imports: { '#types/*': './src/types/*.ts' },
      }),
      'src/index.ts': "export * from './';\n",
      'src/main.ts': [
        "import a from './';",
        "import b from '../src/';",
        "import c from './lib';",
        "import d from '#types/hmrPayload';",
        "import e from '#types/missing';",
        "import f from 'other-pkg';",
        "import g from 'fs';",
        "import h from 'node:path';",
        "import i from './alias';",
        "import j from 'app-core';",
        "import k from 'app-core/util';",
      ].join('\n'),
      'src/lib/package.json': JSON.stringify({ types: './api.d.ts', main: './main.js' }),
      'src/lib/api.d.ts': 'export {};\n',
      'src/lib/index.d.ts': 'export {};\n',
      'src/types/hmrPayload.ts': 'export {};\n',
      'src/real.ts': 'export {};\n',
      'packages/core/package.json': JSON.stringify({
        name: 'app-core',
        types: './src/index.ts',
        exports: { '.': './src/index.ts', './util': './src/util.ts' },
      }),
      'packages/core/src/index.ts': "import { m } from 'mono-never';\nexport {};\n",
      'packages/core/src/util.ts': 'export {};\n',
    });
    symlinkSync('real.ts', join(root, 'src/alias.ts'));
    const edges = await edgesOf(root, 'src/main.ts');
    expect(edges).toEqual({
      './': 'internal:src/index.ts',
      '../src/': 'internal:src/index.ts',
      './lib': 'internal:src/lib/api.d.ts',
      '#types/hmrPayload': 'internal:src/types/hmrPayload.ts',
      '#types/missing': 'unresolved:#types/missing',
      'other-pkg': 'external:other-pkg',
      fs: 'builtin:node:fs',
      'node:path': 'builtin:node:path',
      './alias': 'internal:src/real.ts',
      'app-core': 'internal:packages/core/src/index.ts',
      'app-core/util': 'internal:packages/core/src/util.ts',
    });
  });

  it('falls back to package resolution when a paths pattern matches but no file exists', async () => {
    const root = tree({
      'tsconfig.json': JSON.stringify({
        compilerOptions: { moduleResolution: 'bundler', module: 'esnext', paths: { '@scope/*': ['generated/*'] } },
      }),
      'src/a.ts': "import x from '@scope/ui';\nimport y from '@scope/gen';\n",
      'generated/gen.ts': 'export {};\n',
      'packages/ui/package.json': JSON.stringify({ name: '@scope/ui', exports: { '.': { types: './src/index.ts' } } }),
      'packages/ui/src/index.ts': 'export {};\n',
    });
    expect(await edgesOf(root, 'src/a.ts')).toEqual({
      '@scope/ui': 'internal:packages/ui/src/index.ts',
      '@scope/gen': 'internal:generated/gen.ts',
    });
  });

  it('follows /// <reference path> to the file it names', async () => {
    const root = tree({
      'src/a.ts':
        '/// <reference path="./globals.d.ts" />\n/// <reference path="../types/extra" />\n/// <reference types="node" />\nexport {};\n',
      'src/globals.d.ts': 'declare const G: number;\n',
      'types/extra.d.ts': 'export {};\n',
    });
    expect(await edgesOf(root, 'src/a.ts')).toEqual({
      './globals.d.ts': 'internal:src/globals.d.ts',
      '../types/extra': 'internal:types/extra.d.ts',
    });
  });

  it('uses the nearest tsconfig above each file (also above the analysed folder), with extends and references', async () => {
    const repo = tree({
      'tsconfig.base.json': JSON.stringify({
        compilerOptions: { baseUrl: '.', paths: { '@app/*': ['packages/app/src/*'] } },
      }),
      'tsconfig.json': JSON.stringify({
        files: [],
        references: [{ path: './packages/app' }, { path: './tsconfig.tools.json' }],
      }),
      'tsconfig.tools.json': JSON.stringify({
        include: ['tools'],
        compilerOptions: { paths: { '@tools/*': ['tools/lib/*'] } },
      }),
      'packages/app/tsconfig.json': JSON.stringify({
        extends: '../../tsconfig.base.json',
        compilerOptions: { moduleResolution: 'bundler', module: 'esnext' },
      }),
      'packages/app/src/main.ts': "import u from '@app/util';\n",
      'packages/app/src/util.ts': 'export {};\n',
      'tools/run.ts': "import l from '@tools/log';\n",
      'tools/lib/log.ts': 'export {};\n',
    });
    expect(await edgesOf(join(repo, 'packages'), 'app/src/main.ts')).toEqual({
      '@app/util': 'internal:app/src/util.ts',
    });
    expect(await edgesOf(repo, 'tools/run.ts')).toEqual({ '@tools/log': 'internal:tools/lib/log.ts' });
    const report = await analyzeArchitecture(join(repo, 'packages'), { cache: false });
    expect(report.tsconfigs).toEqual([{ file: join(repo, 'packages/app/tsconfig.json'), files: 2 }]);
    const whole = await analyzeArchitecture(repo, { cache: false });
    expect(whole.tsconfigs).toEqual([
      { file: join(repo, 'packages/app/tsconfig.json'), files: 2 },
      { file: join(repo, 'tsconfig.tools.json'), files: 2 },
    ]);
  });
});
