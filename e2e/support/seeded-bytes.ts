/** Fills `target` with bytes from a xorshift32 stream seeded by `seed`: deterministic, replayable input. */
export function fillSeededBytes(target: Uint8Array, seed: number): void {
  // xorshift32 must not start at 0.
  let x = seed >>> 0 || 0x9e3779b9;
  for (let i = 0; i < target.length; i += 4) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    target[i] = x & 0xff;
    target[i + 1] = (x >>> 8) & 0xff;
    target[i + 2] = (x >>> 16) & 0xff;
    target[i + 3] = (x >>> 24) & 0xff;
  }
}
