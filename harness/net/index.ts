/**
 * Loopback network fixtures: real TCP services on 127.0.0.1 that pools and network chaos are exercised against.
 *
 * @example
 * const service = await startLoopbackService();
 * try { ... connect to service.host:service.port ... } finally { await service.close(); }
 */
export { startLoopbackService } from './loopback-service.js';
export type { LoopbackService, LoopbackServiceOptions, LoopbackServiceStats } from './loopback-service.js';
