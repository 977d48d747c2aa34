// Shared by the main thread (reference digests) and the hash workers, so both compute exactly the same thing.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';

/**
 * A chain of SHA-256 rounds over one input: round r hashes (digest of round r-1) followed by the input,
 * so no round can be skipped or reordered and the work is pure CPU over real bytes.
 * @param {Uint8Array} input
 * @param {number} rounds
 * @returns {string} hex digest of the last round
 */
export function hashChain(input, rounds) {
  let digest = Buffer.alloc(0);
  for (let r = 0; r < rounds; r++) digest = createHash('sha256').update(digest).update(input).digest();
  return digest.toString('hex');
}
