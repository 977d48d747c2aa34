// Worker-pool tasks for E2E-108, loaded by harness/pools' worker host. Plain JavaScript so a worker starts in
// milliseconds. The input slice lives in a SharedArrayBuffer: posting it shares the memory, nothing is copied.
import { threadId } from 'node:worker_threads';
import { hashChain } from './sha256-chain.mjs';

/**
 * @param {{ shared: SharedArrayBuffer, offset: number, length: number, rounds: number }} input
 * @returns {{ digest: string, threadId: number }}
 */
export function hashSlice(input) {
  return { digest: hashChain(new Uint8Array(input.shared, input.offset, input.length), input.rounds), threadId };
}
