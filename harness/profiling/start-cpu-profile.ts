import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import type { CpuProfile } from './cpu-profile.js';
import { ProfilingError } from './errors.js';

export interface StartCpuProfileOptions {
  /** Sampling period in microseconds. Default 1 000 (V8's own default); lower costs more. */
  readonly samplingIntervalUs?: number;
}

export interface CpuProfileResult {
  readonly profile: CpuProfile;
  /** Wall time between start and stop, ms. */
  readonly durationMs: number;
  readonly samplingIntervalUs: number;
}

/** A recording in progress: call `stop()` exactly once. */
export interface CpuProfileRecording {
  stop(): Promise<CpuProfileResult>;
}

/**
 * Starts sampling this thread's JavaScript with the V8 profiler through `node:inspector` (no debugger attached, no
 * flag needed). Only the calling thread is profiled: work in worker threads and child processes is not in it.
 *
 * @example
 * const recording = await startCpuProfile();
 * await work();
 * const { profile } = await recording.stop();
 * console.log(formatCpuProfileSummary(summarizeCpuProfile(profile, 10)));
 */
export async function startCpuProfile(options: StartCpuProfileOptions = {}): Promise<CpuProfileRecording> {
  const samplingIntervalUs = options.samplingIntervalUs ?? 1_000;
  if (!(Number.isInteger(samplingIntervalUs) && samplingIntervalUs > 0)) {
    throw new RangeError(`samplingIntervalUs must be a positive integer, got ${samplingIntervalUs}`);
  }
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    // The interval must be set before start; it applies to the next profile only.
    await session.post('Profiler.setSamplingInterval', { interval: samplingIntervalUs });
    await session.post('Profiler.start');
  } catch (error) {
    session.disconnect();
    throw new ProfilingError('PROFILING_START_FAILED', `could not start the CPU profiler: ${String(error)}`, {
      cause: error,
    });
  }
  const started = performance.now();
  let stopped = false;
  return {
    async stop() {
      if (stopped)
        throw new ProfilingError('PROFILING_ALREADY_STOPPED', 'this CPU profile recording was already stopped');
      stopped = true;
      try {
        const { profile } = await session.post('Profiler.stop');
        const durationMs = performance.now() - started;
        await session.post('Profiler.disable');
        return { profile: profile as CpuProfile, durationMs, samplingIntervalUs };
      } catch (error) {
        throw new ProfilingError('PROFILING_STOP_FAILED', `could not stop the CPU profiler: ${String(error)}`, {
          cause: error,
        });
      } finally {
        session.disconnect();
      }
    },
  };
}
