/**
 * Chaos for reliability specs: seeded fault injection over the resilience `Task` type, resource exhaustion that
 * is always released, and network faults through a loopback TCP proxy. Every random decision comes from an
 * injected seeded source (`createSeededRandom` from `harness/resilience`), so a run replays from its seed.
 *
 * @example
 * import { createSeededRandom, withRetry, withTimeout } from '../resilience/index.js';
 * import { applyMemoryPressure, startChaosProxy, withChaos } from '../chaos/index.js';
 *
 * const random = createSeededRandom(seed);
 * const flaky = withChaos(callService, { errorRate: 0.2, hangRate: 0.05, latency: { kind: 'exponential', meanMs: 30 } }, random);
 * const robust = withTimeout(withRetry(withTimeout(flaky, 500), { retries: 4, randomize: true, random }), 10_000);
 * await robust(signal);
 * flaky.stats(); // { calls, errors, hangs, partials, delayed, latencyMsTotal, hanging }
 *
 * const pressure = await applyMemoryPressure({ targetRssBytes: 1.5 * 2 ** 30 });
 * try { ... } finally { await pressure.release(); }
 *
 * const proxy = await startChaosProxy({ target: service, random });
 * proxy.setFaults({ partition: 'drop' }); // ... then heal with proxy.setFaults({})
 * await proxy.close();
 */
export { withChaos } from './with-chaos.js';
export type { ChaosTask, ChaosStats, ChaosOptions, ChaosDecision, InjectedFault } from './with-chaos.js';
export { assertValidFaultPlan } from './fault-plan.js';
export type { FaultPlan } from './fault-plan.js';
export { sampleLatency } from './latency.js';
export type { LatencyDistribution } from './latency.js';
export { ChaosInjectedError, ChaosPlanError, ChaosResourceError } from './errors.js';
export type { ChaosErrorCode } from './errors.js';
export type { Releasable } from './releasable.js';
export { applyMemoryPressure } from './memory-pressure.js';
export type { MemoryPressure, MemoryPressureOptions } from './memory-pressure.js';
export { startCpuHog } from './cpu-hog.js';
export type { CpuHog, CpuHogOptions } from './cpu-hog.js';
export { applyFdPressure } from './fd-pressure.js';
export type { FdPressure, FdPressureOptions } from './fd-pressure.js';
export { startChaosProxy } from './chaos-proxy.js';
export type { ChaosProxy, ChaosProxyOptions, ChaosProxyStats } from './chaos-proxy.js';
export type { NetworkFaults, PartitionMode } from './network-faults.js';
export type { Direction } from './proxy-pump.js';
