import { LoopDelaySampler } from './loop-delay-sampler.js';
import { createNodeProcessProbe, type ProcessProbe, type ProcessStat } from './process-probe.js';
import { diffIo } from './proc-io.js';
import { summarizeTimeline } from './summarize.js';
import type { IoCounters, MonitorResult, MonitorSample } from './types.js';
import { repeatEvery, systemClock, type Clock } from '../../engines/common/index.js';

export interface MonitorOptions {
  /** Sampling period in ms. Default 100. */
  readonly intervalMs?: number;
  /** Sample descendant processes with pidusage. Default true. */
  readonly trackChildren?: boolean;
  /**
   * How often to rescan the process tree for descendants, in ms. Default 500: process trees change
   * rarely and a scan reads one /proc file per thread, so rescanning every tick would be the monitor's
   * biggest CPU cost. Known descendants are still sampled every tick.
   */
  readonly childScanIntervalMs?: number;
  /** Period of the event-loop delay probe in ms. Default 10. */
  readonly eventLoopResolutionMs?: number;
  /** Source of process readings. Default: the real process (pidusage, /proc, process.*). */
  readonly probe?: ProcessProbe;
  /** Time and timers (engines/common's one Clock); a test passes createManualClock(). Default the system clock. */
  readonly clock?: Clock;
  /** Called synchronously after each sample is recorded. */
  readonly onSample?: (sample: MonitorSample) => void;
}

/** A running monitor. Obtain one with {@link startMonitor}. */
export interface Monitor {
  /** Clock reading at start. */
  readonly startedAt: number;
  /** Samples so far (a live, read-only view). */
  readonly timeline: readonly MonitorSample[];
  /** Resolves with the next sample taken (the stop sample at the latest); rejects if `signal` aborts first. */
  nextSample(signal?: AbortSignal): Promise<MonitorSample>;
  /**
   * Stops sampling. The end of the measured interval is stamped synchronously on entry, so whatever
   * the returned promise waits for (an in-flight pidusage call, the last /proc read) is not part of the
   * measured duration. Calling it again returns the same promise.
   */
  stop(): Promise<MonitorResult>;
}

/**
 * Starts sampling this process (and its descendants) every `intervalMs`.
 *
 * The timer tick is synchronous: CPU and memory come from `process.cpuUsage`/`memoryUsage`, and the
 * process-tree figures from the most recent pidusage reading, which runs in the background one request
 * at a time. So a slow pidusage call (its first one spawns `getconf`, ~100 ms) never delays a sample or the stop.
 */
export function startMonitor(options: MonitorOptions = {}): Monitor {
  const intervalMs = options.intervalMs ?? 100;
  if (!(intervalMs > 0)) throw new RangeError(`intervalMs must be > 0, got ${intervalMs}`);
  const probe = options.probe ?? createNodeProcessProbe();
  const clockSource = options.clock ?? systemClock;
  const clock = (): number => clockSource.now();
  const trackChildren = options.trackChildren ?? true;
  const childScanIntervalMs = options.childScanIntervalMs ?? 500;

  const startedAt = clock();
  const cpuStart = probe.cpuUsage();
  const ioStart: IoCounters | undefined = probe.readIo();
  const loop = new LoopDelaySampler(clockSource, options.eventLoopResolutionMs ?? 10);

  const timeline: MonitorSample[] = [];
  const waiters = new Set<(sample: MonitorSample) => void>();
  let previousAt = startedAt;
  let previousCpu = cpuStart;
  let latestSelf: ProcessStat | undefined;
  let latestChildren: ProcessStat[] = [];
  let inFlight: Promise<void> | undefined;
  let knownChildren: number[] = [];
  let lastScanAt = Number.NEGATIVE_INFINITY;
  let stopped: Promise<MonitorResult> | undefined;

  const readProcesses = async (): Promise<void> => {
    try {
      const now = clock();
      if (trackChildren && now - lastScanAt >= childScanIntervalMs) {
        knownChildren = probe.listDescendants(probe.pid);
        lastScanAt = now;
      }
      const stats = await probe.sampleProcesses([probe.pid, ...knownChildren]);
      latestSelf = stats.find((s) => s.pid === probe.pid);
      latestChildren = stats.filter((s) => s.pid !== probe.pid);
    } catch {
      // A failed reading leaves the previous one in place; the exact totals never depend on pidusage.
    }
    // Exited descendants drop out of the next sampling; rescan soon so new ones are found.
    if (knownChildren.length > 0 && latestChildren.length < knownChildren.length) lastScanAt = Number.NEGATIVE_INFINITY;
  };

  // One reading at a time: a slow pidusage call makes the next tick reuse the previous figures instead of queueing.
  const refreshProcesses = (): void => {
    if (inFlight !== undefined || stopped !== undefined) return;
    const reading = readProcesses();
    inFlight = reading;
    void reading.finally(() => {
      if (inFlight === reading) inFlight = undefined;
    });
  };

  const record = (at: number): MonitorSample => {
    const cpu = probe.cpuUsage();
    const memory = probe.memoryUsage();
    const elapsed = at - previousAt;
    const cpuMs = (cpu.user - previousCpu.user + (cpu.system - previousCpu.system)) / 1000;
    const delay = loop.takeInterval();
    const sample: MonitorSample = {
      atMs: at - startedAt,
      cpuPercent: elapsed > 0 ? (cpuMs / elapsed) * 100 : 0,
      pidusageCpuPercent: latestSelf?.cpuPercent,
      childCpuPercent: latestChildren.reduce((sum, s) => sum + s.cpuPercent, 0),
      childRssBytes: latestChildren.reduce((sum, s) => sum + s.rssBytes, 0),
      childCount: latestChildren.length,
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      externalBytes: memory.external,
      eventLoopDelayMeanMs: delay.meanMs,
      eventLoopDelayMaxMs: delay.maxMs,
    };
    previousAt = at;
    previousCpu = cpu;
    timeline.push(sample);
    options.onSample?.(sample);
    for (const resolve of [...waiters]) resolve(sample);
    waiters.clear();
    return sample;
  };

  record(startedAt);
  refreshProcesses();
  // A forgotten monitor must not keep a worker process alive.
  const stopSampling = repeatEvery(
    clockSource,
    intervalMs,
    () => {
      record(clock());
      refreshProcesses();
    },
    { unref: true },
  );

  const finish = async (endedAt: number, cpuEnd: NodeJS.CpuUsage): Promise<MonitorResult> => {
    try {
      const ioEnd = probe.readIo();
      await inFlight;
      const summary = summarizeTimeline({
        timeline,
        durationMs: endedAt - startedAt,
        cpuDelta: { user: cpuEnd.user - cpuStart.user, system: cpuEnd.system - cpuStart.system },
        io: diffIo(ioStart, ioEnd),
        eventLoop: loop.total(),
      });
      return { summary, timeline };
    } finally {
      probe.release();
    }
  };

  return {
    startedAt,
    timeline,
    nextSample(signal?: AbortSignal): Promise<MonitorSample> {
      if (stopped !== undefined) return Promise.reject(new Error('monitor already stopped'));
      return new Promise<MonitorSample>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const onAbort = (): void => {
          waiters.delete(settle);
          reject(signal?.reason);
        };
        const settle = (sample: MonitorSample): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve(sample);
        };
        waiters.add(settle);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    stop(): Promise<MonitorResult> {
      if (stopped !== undefined) return stopped;
      const endedAt = clock();
      stopSampling();
      record(endedAt);
      loop.stop();
      // record() left the stop reading in previousCpu: the exact totals end at the same instant as the duration.
      stopped = finish(endedAt, previousCpu);
      return stopped;
    },
  };
}
