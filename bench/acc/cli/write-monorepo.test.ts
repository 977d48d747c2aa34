import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { analyzeArchitecture } from '../../../engines/acc/index.js';
import { cycleGroups } from '../acc-task.js';
import { writeMonorepo } from './write-monorepo.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('writeMonorepo', () => {
  it.each([1, 7])(
    'has exactly the injected cross-package cycles, every import resolved inside the repo (seed %i)',
    async (seed) => {
      const root = mkdtempSync(join(tmpdir(), 'maestro-monorepo-'));
      dirs.push(root);
      const manifest = writeMonorepo(root, { packages: 6, filesPerPackage: 15, cycles: 3, seed });
      expect(manifest.cycles).toHaveLength(3);
      for (const cycle of manifest.cycles) expect(new Set(cycle.map((f) => f.split('/')[1])).size).toBe(2);
      const report = await analyzeArchitecture(root, { cache: false });
      expect(report.unresolvedImports).toEqual([]);
      expect(cycleGroups(report.cycles.stronglyConnected)).toEqual(cycleGroups(manifest.cycles));
      // The cycles go through each kind of name: a workspace subpath, a package `imports` entry, a tsconfig alias.
      const [a, b, c] = manifest.cycles[0] ?? [];
      expect(readFileSync(join(root, a ?? ''), 'utf8')).toMatch(/from '@mono\/pkg-\d+\/feature\//);
      expect(readFileSync(join(root, b ?? ''), 'utf8')).toMatch(/from '#internal\//);
      expect(readFileSync(join(root, c ?? ''), 'utf8')).toMatch(/from '@alias\/pkg-\d+\/feature\//);
    },
  );
});
