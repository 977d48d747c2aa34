import { createSeededRandom, type RandomSource } from '../../engines/common/index.js';
import type { WeightedGroup } from '../../harness/sharding/index.js';

/** A generated suite: its groups in the order Playwright would list them, with each test's true duration. */
export interface SyntheticSuite {
  groups: WeightedGroup[];
  tests: number;
}

/** A standard normal draw (Box-Muller) from a seeded uniform source. */
export function normal(random: RandomSource): number {
  const u = Math.max(random(), Number.EPSILON);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/**
 * A suite with skewed durations, a few long tests and many short ones, as real suites are: files of 3 to 22 tests,
 * each file with its own speed factor (slow files are slow throughout, so a split by count suffers the way it does on
 * real suites); test durations log-normal (median 800 ms times the file factor), and 2 % of tests long (20 to 90 s).
 * Groups as Playwright keeps them: 8 % of files are not fully parallel (the whole file is one group), and inside the
 * others a describe of 2 to 6 tests is serial with probability 0.15.
 */
export function generateSkewedSuite(testCount: number, seed: number): SyntheticSuite {
  const random = createSeededRandom(seed);
  const groups: WeightedGroup[] = [];
  let made = 0;
  let file = 0;
  const makeTest = (factor: number): { planId: string; ms: number; source: 'measured' } => {
    const long = random() < 0.02;
    const ms = long ? 20_000 + random() * 70_000 : 800 * factor * Math.exp(normal(random));
    made += 1;
    return { planId: `f${file}.spec.ts › t${made}`, ms: Math.round(ms), source: 'measured' };
  };
  const push = (id: string, tests: { planId: string; ms: number; source: 'measured' }[]): void => {
    if (tests.length > 0) groups.push({ id, tests, ms: tests.reduce((sum, t) => sum + t.ms, 0) });
  };
  while (made < testCount) {
    file += 1;
    const size = Math.min(testCount - made, 3 + Math.floor(random() * 20));
    const factor = Math.exp(0.8 * normal(random));
    if (random() < 0.08) {
      push(
        `f${file}.spec.ts`,
        Array.from({ length: size }, () => makeTest(factor)),
      );
      continue;
    }
    let left = size;
    while (left > 0) {
      if (left >= 2 && random() < 0.15) {
        const serial = Math.min(left, 2 + Math.floor(random() * 5));
        push(
          `f${file}.spec.ts › serial ${made}`,
          Array.from({ length: serial }, () => makeTest(factor)),
        );
        left -= serial;
      } else {
        const test = makeTest(factor);
        push(test.planId, [test]);
        left -= 1;
      }
    }
  }
  return { groups, tests: made };
}

/** The same suite as measured in one run on a noisy machine: every duration times exp(sigma * N(0, 1)). */
export function noisyRun(groups: readonly WeightedGroup[], sigma: number, random: RandomSource): Map<string, number> {
  return new Map(
    groups.flatMap((g) => g.tests.map((t) => [t.planId, t.ms * Math.exp(sigma * normal(random))] as const)),
  );
}
