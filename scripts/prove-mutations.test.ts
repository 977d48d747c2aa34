import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MUTATIONS, locateTarget } from './prove-mutations.js';

const ROOT = resolve(import.meta.dirname, '..');

describe('npm run prove mutations', () => {
  it.each(MUTATIONS.map((m) => [m.id, m] as const))(
    '%s: its target text is in exactly one of its files',
    async (_id, mutation) => {
      await expect(locateTarget(ROOT, mutation)).resolves.toMatch(/\.ts$/);
    },
  );
});
