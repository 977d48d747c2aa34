/** One point of the monitor's timeline. Times are milliseconds since the monitor started. */
export interface MonitorSample {
  /** Milliseconds since the monitor started (monotonic clock). */
  readonly atMs: number;
  /** This process's CPU over the interval since the previous sample, from `process.cpuUsage` deltas. 100 = one core. */
  readonly cpuPercent: number;
  /** This process's CPU as pidusage sees it (coarser, ±10 points on a 100 ms interval); undefined when unavailable. */
  readonly pidusageCpuPercent: number | undefined;
  /** Summed CPU of all descendant processes (pidusage). 0 when there are none. */
  readonly childCpuPercent: number;
  /** Summed RSS of all descendant processes in bytes (pidusage). */
  readonly childRssBytes: number;
  /** Number of live descendant processes at this sample. */
  readonly childCount: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  readonly externalBytes: number;
  /** Mean and max event-loop delay over the interval, in ms (perf_hooks.monitorEventLoopDelay). */
  readonly eventLoopDelayMeanMs: number;
  readonly eventLoopDelayMaxMs: number;
}

/** Cumulative I/O counters of this process, from `/proc/self/io` (Linux only). */
export interface IoCounters {
  /** Bytes passed to read-like syscalls (includes page cache hits). */
  readonly rchar: number;
  /** Bytes passed to write-like syscalls. */
  readonly wchar: number;
  /** Bytes actually fetched from storage. */
  readonly readBytes: number;
  /** Bytes actually sent to storage. */
  readonly writeBytes: number;
}

/** What a monitored interval cost, start to stop. */
export interface MonitorSummary {
  /** Wall time from start() to the moment stop() was called. */
  readonly durationMs: number;
  readonly cpu: {
    /** Totals come from `process.cpuUsage` deltas (exact), never from pidusage. */
    readonly userMs: number;
    readonly systemMs: number;
    /** (user + system) / duration × 100: 100 = one core busy for the whole interval. */
    readonly meanPercent: number;
    /** Highest per-interval `cpuPercent` in the timeline. */
    readonly peakPercent: number;
    /** Highest per-interval CPU of descendant processes (pidusage). */
    readonly childPeakPercent: number;
  };
  readonly memory: {
    readonly rssStartBytes: number;
    readonly rssPeakBytes: number;
    readonly rssEndBytes: number;
    readonly heapUsedStartBytes: number;
    readonly heapUsedPeakBytes: number;
    readonly heapUsedEndBytes: number;
    readonly externalPeakBytes: number;
    readonly childRssPeakBytes: number;
  };
  readonly eventLoop: {
    readonly meanMs: number;
    readonly p99Ms: number;
    readonly maxMs: number;
  };
  /** I/O done between start and stop; undefined where `/proc/self/io` is not readable. */
  readonly io: IoCounters | undefined;
  readonly childPeakCount: number;
  readonly sampleCount: number;
}

export interface MonitorResult {
  readonly summary: MonitorSummary;
  /** Every sample taken, in order; the first is taken at start, the last at stop. */
  readonly timeline: readonly MonitorSample[];
}
