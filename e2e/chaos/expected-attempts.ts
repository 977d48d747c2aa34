import { attemptOutcome, type NodeFault } from '../../harness/generators/index.js';

/**
 * How many attempts a node must make under its fault with `maxAttempts` allowed: up to and including its first
 * succeeding attempt, or every allowed attempt when none succeeds. An independent oracle for "retries bounded":
 * an engine that retries too often, too little or after a success disagrees with it.
 */
export function expectedAttempts(fault: NodeFault | undefined, maxAttempts: number): number {
  if (fault === undefined) return 1;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (attemptOutcome(fault, attempt) === 'succeed') return attempt;
  }
  return maxAttempts;
}
