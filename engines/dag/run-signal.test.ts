import { afterEach, describe, expect, it } from 'vitest';
import { defineWorkflow, WorkflowExecutor } from './index.js';

describe('the run signal shared by running nodes', () => {
  const warnings: Error[] = [];
  const onWarning = (warning: Error): void => {
    warnings.push(warning);
  };
  afterEach(() => {
    process.off('warning', onWarning);
    warnings.length = 0;
  });

  it('takes one abort listener per running node without a MaxListenersExceeded warning', async () => {
    process.on('warning', onWarning);
    let builder = defineWorkflow('wide');
    for (let i = 0; i < 30; i++) {
      builder = builder.node(
        `n${i}`,
        (_input, signal) =>
          new Promise<number>((resolve) => {
            // Each node listens to its signal, as a cancellable executor should, and finishes on the next macrotask.
            const timer = setTimeout(() => resolve(i), 5);
            signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
          }),
        {},
      );
    }
    const result = await new WorkflowExecutor({ concurrency: 64, workflowConcurrency: 64 }).run(builder.build());
    // Node emits process warnings on the next tick.
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(result.status).toBe('COMPLETED');
    expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
  });
  it('lifts the limit for nodes with policies, which add listeners of their own besides the executor', async () => {
    process.on('warning', onWarning);
    let builder = defineWorkflow('timed');
    // Twelve nodes at once, each with the timeout's forwarding listener on the run's signal (and, while waiting
    // out a backoff, p-retry's and the wait's).
    for (let i = 0; i < 12; i++) {
      builder = builder.node(
        `n${i}`,
        (_input, signal) =>
          new Promise<number>((resolve) => {
            const timer = setTimeout(() => resolve(i), 5);
            signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
          }),
        { timeoutMs: 1_000, retry: { retries: 1, minTimeout: 1 } },
      );
    }
    const result = await new WorkflowExecutor().run(builder.build());
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(result.status).toBe('COMPLETED');
    expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
  });
});
