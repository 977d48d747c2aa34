import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SOAK_LOAD_KINDS, createSoakLoads, type SoakLoads } from './index.js';

describe('createSoakLoads', () => {
  let dir: string;
  let loads: SoakLoads | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'soak-loads-'));
  });
  afterEach(async () => {
    await loads?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs each load kind on the real engines with no error, twice, and leaves no scratch files', async () => {
    loads = await createSoakLoads({ scratchDir: dir });
    for (const round of [1, 2]) {
      for (const kind of SOAK_LOAD_KINDS) {
        const outcome = await loads.run(kind, { seed: 100 + round, signal: AbortSignal.timeout(20_000) });
        expect(outcome, `${kind} round ${round}`).toMatchObject({ kind, errors: 0, failures: [] });
        expect(outcome.operations).toBeGreaterThanOrEqual(kind === 'bdv' ? 20 : 30);
      }
    }
    expect(await readdir(dir)).toEqual([]);
  });
});
