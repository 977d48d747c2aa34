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
      builder = builder.node(`n${i}`, (_input, signal) => new Promise<number>((resolve) => {
        // Each node listens to its signal, as a cancellable executor should, and finishes on the next macrotask.
        const timer = setTimeout(() => resolve(i), 5);
        signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
      }), {});
    }
    const result = await new WorkflowExecutor({ concurrency: 64, workflowConcurrency: 64 }).run(builder.build());
    // Node emits process warnings on the next tick.
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(result.status).toBe('COMPLETED');
    expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
  });
});
