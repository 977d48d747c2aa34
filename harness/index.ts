/**
 * The harness's public door for specs and CLIs. A plain list of re-exports: each concern lives in its
 * own folder with its own index.ts.
 *
 * @example
 * ```ts
 * import { test, expect } from '../harness/index.js';
 * test.use({ stressMeta: { category: 'Resource Limits', feature: 'CPU optimisation' } });
 * test('E2E-108: CPU-bound work', async ({ perf }) => {
 *   await perf.time(() => work());
 * });
 * ```
 */
export * from './fixtures/index.js';
export * from './monitor/index.js';
export * from './metrics/index.js';
export * from './report/index.js';
