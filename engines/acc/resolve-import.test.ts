import fc from 'fast-check';
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportResolver, emittedExtension, joinRelative } from './resolve-import.js';

const segment = fc.constantFrom('.', '..', '', 'a', 'b', 'x.js', 'y.d.ts', '.hidden', 'c..js', 'index', '...');
const lead = fc.constantFrom('./', '../', '../../', './../', './/', '.', '..', './.', '../.');
const dir = fc.constantFrom('', 'src', 'src/a', 'src/a/b');

describe('joinRelative', () => {
  it('equals posix.normalize(posix.join(dir, specifier)) for relative specifiers', () => {
    fc.assert(
      fc.property(dir, lead, fc.array(segment, { maxLength: 4 }), fc.boolean(), (d, l, segments, slash) => {
        const specifier = l + segments.join('/') + (slash ? '/' : '');
        expect(joinRelative(d, specifier)).toBe(posix.normalize(posix.join(d, specifier)));
      }),
      { numRuns: 5000, seed: 20_260_103 },
    );
  });
});

describe('emittedExtension', () => {
  it('reports .js, .jsx, .mjs and .cjs exactly when posix.extname does', () => {
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 3 }), fc.constantFrom('', '.js', '.jsx', '.mjs', '.cjs', '.ts', '.'), (segments, ext) => {
        const path = segments.join('/') + ext;
        const expected = ['.js', '.jsx', '.mjs', '.cjs'].includes(posix.extname(path)) ? posix.extname(path) : '';
        expect(emittedExtension(path)).toBe(expected);
      }),
      { numRuns: 3000, seed: 20_260_104 },
    );
  });
});

/** The resolver's probing written the plain way: emitted-extension swap, exact path, extensions, index files. */
function referenceProbe(files: ReadonlySet<string>, path: string): string | undefined {
  const swaps: Record<string, string[]> = { '.js': ['.ts', '.tsx', '.d.ts'], '.jsx': ['.tsx'], '.mjs': ['.mts', '.d.mts'], '.cjs': ['.cts', '.d.cts'] };
  const extensions = ['.ts', '.tsx', '.d.ts', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json'];
  const ext = posix.extname(path);
  for (const s of swaps[ext] ?? []) if (files.has(path.slice(0, -ext.length) + s)) return path.slice(0, -ext.length) + s;
  if (path !== '' && files.has(path)) return path;
  for (const e of extensions) if (files.has(path + e)) return path + e;
  for (const e of extensions) if (files.has(`${path === '' ? 'index' : `${path}/index`}${e}`)) return `${path === '' ? 'index' : `${path}/index`}${e}`;
  return undefined;
}

describe('ImportResolver', () => {
  it('finds the file the plain probing order finds, for any file set', () => {
    const name = fc.constantFrom('a', 'b', 'index', 'a.d', 'x.js');
    const ext = fc.constantFrom('', '.ts', '.tsx', '.d.ts', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json', '.d.mts', '.css');
    const file = fc.tuple(fc.constantFrom('', 'a/', 'a/b/'), name, ext).map(([d, n, e]) => d + n + e);
    const specifier = fc.tuple(fc.constantFrom('./', '../', './a/', './b/'), fc.constantFrom('a', 'b', 'index', 'a.d', 'x', ''), fc.constantFrom('', '.js', '.jsx', '.mjs', '.cjs', '.ts', '.d.ts'))
      .map(([l, n, e]) => l + n + e);
    fc.assert(
      fc.property(fc.uniqueArray(file, { maxLength: 12 }), fc.constantFrom('f.ts', 'a/f.ts', 'a/b/f.ts'), specifier, (list, from, spec) => {
        const files = new Set(list);
        const dir = from.includes('/') ? from.slice(0, from.lastIndexOf('/')) : '';
        const joined = posix.normalize(posix.join(dir, spec));
        const expected = joined === '..' || joined.startsWith('../') ? 'outside-root' : (referenceProbe(files, joined === '.' ? '' : joined) ?? 'unresolved');
        // Both ways of probing extensions: one by one (a few files) and through the stem index (many).
        for (const directProbes of [0, 1000]) {
          const { status, target } = new ImportResolver(files, { baseUrl: undefined, patterns: [], notes: [] }, { directProbes }).resolve(from, spec);
          expect(status === 'internal' ? target : status).toBe(expected);
        }
      }),
      { numRuns: 5000, seed: 20_260_106 },
    );
  });
});
