import fc from 'fast-check';
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emittedExtension, joinRelative } from './resolve-import.js';

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
