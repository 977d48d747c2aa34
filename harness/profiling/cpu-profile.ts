/**
 * The V8 CPU profile format as `Profiler.stop` returns it and Chrome DevTools / VS Code open it (`.cpuprofile`).
 * Declared here rather than taken from `node:inspector` so summaries can be computed from a file read back from disk.
 */
export interface CpuProfileCallFrame {
  readonly functionName: string;
  readonly scriptId: string;
  readonly url: string;
  /** 0-based. */
  readonly lineNumber: number;
  /** 0-based. */
  readonly columnNumber: number;
}

export interface CpuProfileNode {
  readonly id: number;
  readonly callFrame: CpuProfileCallFrame;
  readonly hitCount?: number;
  readonly children?: readonly number[];
}

export interface CpuProfile {
  readonly nodes: readonly CpuProfileNode[];
  /** Microseconds (monotonic). */
  readonly startTime: number;
  readonly endTime: number;
  /** Node id sampled at each tick. */
  readonly samples?: readonly number[];
  /** Microseconds since the previous sample (the first since `startTime`). */
  readonly timeDeltas?: readonly number[];
}
