import type net from 'node:net';
import { sleep, type Clock } from '../../engines/common/index.js';
import type { RandomSource } from '../resilience/index.js';
import { sampleLatency } from './latency.js';
import type { NetworkFaults } from './network-faults.js';

export type Direction = 'upstream' | 'downstream';

/** What a pump reports back to its proxy. */
export interface PumpHooks {
  readonly faults: () => NetworkFaults;
  readonly random: RandomSource;
  readonly clock: Clock | undefined;
  readonly onForwarded: (direction: Direction, bytes: number) => void;
  readonly onDropped: (bytes: number) => void;
  readonly onDelayed: () => void;
  /** Every chunk read from either side, before any fault is applied. */
  readonly onChunk: () => void;
  /** A chunk drew a reset: the proxy resets the whole connection. */
  readonly onReset: () => void;
}

type Item = { readonly chunk: Buffer; readonly dueAt: number } | { readonly end: true; readonly dueAt: number };

// Backpressure thresholds: stop reading the source while this much is queued, resume below a quarter of it.
const HIGH_WATER_BYTES = 1024 * 1024;
const LOW_WATER_BYTES = HIGH_WATER_BYTES / 4;
// A throttled chunk is written in slices of 1/50 s worth of bandwidth, so the rate is smooth, not bursty.
const SLICES_PER_SECOND = 50;

/**
 * Moves bytes one way through the proxy, applying the faults current at the moment each chunk arrives (reset,
 * latency) and at the moment it is delivered (partition, bandwidth), so toggling a fault mid-stream takes effect
 * on the very next chunk. Chunks keep their order, as on a TCP stream: a chunk waits for the one before it.
 */
export class ProxyPump {
  private readonly queue: Item[] = [];
  private queuedBytes = 0;
  private running = false;

  constructor(
    private readonly direction: Direction,
    private readonly source: net.Socket,
    private readonly target: () => net.Socket | undefined,
    private readonly signal: AbortSignal,
    private readonly hooks: PumpHooks,
  ) {
    source.on('data', (chunk: Buffer) => this.accept(chunk));
    source.on('end', () => this.enqueue({ end: true, dueAt: performance.now() }));
  }

  private accept(chunk: Buffer): void {
    this.hooks.onChunk();
    const faults = this.hooks.faults();
    // Both draws happen for every chunk, so the random sequence does not depend on which faults are on.
    const resetDraw = this.hooks.random();
    const latencyDistribution = this.direction === 'upstream' ? faults.upstreamLatency : faults.downstreamLatency;
    let latencyMs = 0;
    if (latencyDistribution) latencyMs = sampleLatency(latencyDistribution, this.hooks.random);
    else this.hooks.random();
    if ((faults.partition ?? 'none') !== 'none') {
      this.hooks.onDropped(chunk.length);
      return;
    }
    if (resetDraw < (faults.resetRate ?? 0)) {
      this.hooks.onReset();
      return;
    }
    if (latencyMs > 0) this.hooks.onDelayed();
    this.enqueue({ chunk, dueAt: performance.now() + latencyMs });
  }

  private enqueue(item: Item): void {
    this.queue.push(item);
    if ('chunk' in item) {
      this.queuedBytes += item.chunk.length;
      if (this.queuedBytes > HIGH_WATER_BYTES) this.source.pause();
    }
    if (!this.running) {
      this.running = true;
      this.drain().catch(() => {
        // Aborted: the proxy tore the connection down, nothing is left to deliver.
      });
    }
  }

  private async drain(): Promise<void> {
    try {
      let item = this.queue.shift();
      while (item !== undefined && !this.signal.aborted) {
        const wait = item.dueAt - performance.now();
        if (wait > 0) await this.sleep(wait);
        if ('end' in item) {
          const slowCloseMs = this.hooks.faults().slowCloseMs ?? 0;
          if (slowCloseMs > 0) await this.sleep(slowCloseMs);
          this.target()?.end();
        } else {
          this.queuedBytes -= item.chunk.length;
          await this.deliver(item.chunk);
          if (this.queuedBytes < LOW_WATER_BYTES && this.source.isPaused()) this.source.resume();
        }
        item = this.queue.shift();
      }
    } finally {
      this.running = false;
    }
  }

  private async deliver(chunk: Buffer): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) {
      const faults = this.hooks.faults();
      // A partition that starts while bytes are queued loses them, as packets in flight are lost.
      if ((faults.partition ?? 'none') !== 'none') {
        this.hooks.onDropped(chunk.length - offset);
        return;
      }
      const target = this.target();
      if (target === undefined || target.destroyed) return;
      const bps = faults.bandwidthBytesPerSecond;
      const size = bps === undefined ? chunk.length - offset : Math.max(1, Math.floor(bps / SLICES_PER_SECOND));
      const slice = chunk.subarray(offset, offset + size);
      offset += slice.length;
      const flushed = target.write(slice);
      this.hooks.onForwarded(this.direction, slice.length);
      if (bps !== undefined) await this.sleep((slice.length / bps) * 1000);
      if (!flushed && !target.destroyed) await this.waitForDrain(target);
    }
  }

  private sleep(ms: number): Promise<void> {
    return sleep(ms, { signal: this.signal, clock: this.hooks.clock });
  }

  private waitForDrain(target: net.Socket): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const done = (): void => {
        target.off('drain', done);
        target.off('close', done);
        this.signal.removeEventListener('abort', aborted);
        resolve();
      };
      const aborted = (): void => {
        target.off('drain', done);
        target.off('close', done);
        reject(this.signal.reason);
      };
      target.on('drain', done);
      target.on('close', done);
      this.signal.addEventListener('abort', aborted, { once: true });
    });
  }
}
