import fc from 'fast-check';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { matchGlobs } from './match-globs.js';

const globPart = fc.constantFrom(
  'src',
  '**',
  '*',
  '*.ts',
  '.*',
  'a?c',
  '{a,b}',
  '[ab]',
  '!(x)',
  '.git',
  'a',
  'b.js',
  '@(a|b)',
  '\\*',
  'a-b_c.d',
  'x.',
);
const pathPart = fc.constantFrom(
  'src',
  'a',
  'b',
  'abc',
  'x.ts',
  '.git',
  '.env',
  'b.js',
  '*',
  '',
  'a b',
  '.',
  '..',
  'a-b_c.d',
  '...',
  'x.',
);

describe('matchGlobs', () => {
  it('answers as picomatch(globs, { dot: true }) does', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(globPart, { minLength: 1, maxLength: 4 }).map((p) => p.join('/')),
          { minLength: 1, maxLength: 3 },
        ),
        fc.array(pathPart, { minLength: 1, maxLength: 4 }).map((p) => p.join('/')),
        (globs, path) => {
          expect(matchGlobs(globs)(path)).toBe(picomatch(globs, { dot: true })(path));
          expect(matchGlobs(globs[0] ?? '')(path)).toBe(picomatch(globs[0] ?? '', { dot: true })(path));
        },
      ),
      { numRuns: 3000, seed: 20_260_105 },
    );
  });

  it('never matches the empty path and always matches a path equal to the glob', () => {
    expect(matchGlobs(['**'])('')).toBe(false);
    expect(matchGlobs(['src/[ab].ts'])('src/[ab].ts')).toBe(true);
    expect(matchGlobs('src/**')('src/a/b.ts')).toBe(true);
    expect(matchGlobs('src/**')('lib/a.ts')).toBe(false);
  });
});
