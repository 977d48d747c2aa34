// CPU-bound tasks the worker pool runs by name. Plain JavaScript on purpose: a worker loads it in milliseconds,
// whereas a TypeScript module costs the worker a tsx/esbuild start-up (~1-3 s on a loaded 2-core machine).
// Inputs and outputs are plain data (structured clone). The tasks do real work: each result depends on every
// iteration, so nothing can be skipped.
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setImmediate } from 'node:timers';
import { threadId } from 'node:worker_threads';

/** @param {{ limit: number }} input @returns {number} primes below `limit` (sieve of Eratosthenes) */
export function countPrimes(input) {
  const limit = Math.max(0, Math.floor(input.limit));
  const composite = new Uint8Array(limit);
  let count = 0;
  for (let n = 2; n < limit; n += 1) {
    if (composite[n] === 1) continue;
    count += 1;
    for (let multiple = n * n; multiple < limit; multiple += n) composite[multiple] = 1;
  }
  return count;
}

/** @param {{ seed: string, rounds: number }} input @returns {string} SHA-256 applied `rounds` times */
export function hashChain(input) {
  let digest = input.seed;
  for (let round = 0; round < input.rounds; round += 1) digest = createHash('sha256').update(digest).digest('hex');
  return digest;
}

/** Busy for `ms` without yielding: only for cancellation tests, where the task must not cooperate. */
export function spin(input) {
  const until = performance.now() + input.ms;
  let iterations = 0;
  while (performance.now() < until) iterations += 1;
  return iterations;
}

/** Throws, so tests can check that a task error reaches the caller and the worker survives. */
export function fail(input) {
  throw new RangeError(input.message);
}

/** @returns {number} the thread that ran the task */
export function whoAmI() {
  return threadId;
}

/** Kills its worker with an uncaught exception, so tests can check the pool replaces a dead worker. */
export function crash() {
  return new Promise(() => {
    setImmediate(() => {
      throw new Error('worker crashed on purpose');
    });
  });
}
