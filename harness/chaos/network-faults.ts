import { ChaosPlanError } from './errors.js';
import { findLatencyProblems, type LatencyDistribution } from './latency.js';

/**
 * Network partition as seen by the client: `drop` accepts connections but forwards nothing (a blackhole:
 * requests time out, bytes in flight are lost); `reject` resets every connection, open or new (host down).
 */
export type PartitionMode = 'none' | 'drop' | 'reject';

/** Faults the chaos proxy applies; swap them at any time with `setFaults`, traffic keeps flowing. */
export interface NetworkFaults {
  /** Added to every chunk going client -> service. */
  readonly upstreamLatency?: LatencyDistribution;
  /** Added to every chunk going service -> client. */
  readonly downstreamLatency?: LatencyDistribution;
  /** Bytes per second, per connection and direction. */
  readonly bandwidthBytesPerSecond?: number;
  readonly partition?: PartitionMode;
  /** Probability that a chunk, instead of being forwarded, resets its connection (both sides get RST). */
  readonly resetRate?: number;
  /** Delay before a half-close (FIN) is passed on to the other side. */
  readonly slowCloseMs?: number;
}

/** Throws `ChaosPlanError` listing every problem. */
export function assertValidNetworkFaults(faults: NetworkFaults): void {
  const problems: string[] = [];
  if (faults.upstreamLatency) problems.push(...findLatencyProblems(faults.upstreamLatency, 'upstreamLatency'));
  if (faults.downstreamLatency) problems.push(...findLatencyProblems(faults.downstreamLatency, 'downstreamLatency'));
  const bps = faults.bandwidthBytesPerSecond;
  if (bps !== undefined && !(bps > 0 && Number.isFinite(bps)))
    problems.push(`bandwidthBytesPerSecond must be > 0, got ${bps}`);
  const partition = faults.partition;
  if (partition !== undefined && partition !== 'none' && partition !== 'drop' && partition !== 'reject') {
    problems.push(`partition must be none, drop or reject, got ${String(partition)}`);
  }
  const rate = faults.resetRate;
  if (rate !== undefined && !(rate >= 0 && rate <= 1)) problems.push(`resetRate must be within [0, 1], got ${rate}`);
  const slow = faults.slowCloseMs;
  if (slow !== undefined && !(slow >= 0 && Number.isFinite(slow)))
    problems.push(`slowCloseMs must be >= 0, got ${slow}`);
  if (problems.length > 0) throw new ChaosPlanError(problems);
}
