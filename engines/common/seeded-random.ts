/** A source of uniform numbers in [0, 1), like `Math.random`, but reproducible from a seed. */
export type RandomSource = () => number;

/**
 * mulberry32: a tiny, fast 32-bit PRNG with statistics good enough for jitter, fault injection and load
 * generation (not for cryptography). The same seed yields the same sequence on every machine, which is what lets
 * a run be replayed from its printed seed.
 *
 * @example
 * const random = createSeededRandom(42);
 * random(); // 0.6011037519201636, everywhere
 */
export function createSeededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
