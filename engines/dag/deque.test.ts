import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Deque } from './deque.js';

describe('Deque', () => {
  it('behaves like an array used as a FIFO queue, across wrap-arounds and growth', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            { arbitrary: fc.integer({ min: 0, max: 1000 }), weight: 3 },
            { arbitrary: fc.constant('shift' as const), weight: 2 },
          ),
          { maxLength: 300, size: 'max' },
        ),
        (operations) => {
          const deque = new Deque<number>();
          const model: number[] = [];
          for (const operation of operations) {
            if (operation === 'shift') {
              expect(deque.shift()).toBe(model.shift());
            } else {
              deque.push(operation);
              model.push(operation);
            }
            expect(deque.size).toBe(model.length);
          }
          const drained: number[] = [];
          for (let item = deque.shift(); item !== undefined; item = deque.shift()) drained.push(item);
          expect(drained).toEqual(model);
        },
      ),
      { seed: 20261124, numRuns: 300 },
    );
  });
});
