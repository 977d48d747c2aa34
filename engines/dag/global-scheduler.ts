import { Deque } from './deque.js';

/** A run that can be asked to start more nodes once a global slot frees up. */
export interface SlotConsumer {
  waitingForSlot: boolean;
  pump(): void;
}

/**
 * The executor-wide concurrency limit shared by every run. Runs that had ready nodes when all slots were taken
 * wait in FIFO order, so one busy workflow cannot starve the others.
 */
export class GlobalScheduler {
  private active = 0;
  private handingOver = false;
  private readonly waiting = new Deque<SlotConsumer>();

  constructor(readonly limit: number) {}

  get activeCount(): number {
    return this.active;
  }

  tryAcquire(): boolean {
    if (this.active >= this.limit) return false;
    this.active++;
    return true;
  }

  waitForSlot(consumer: SlotConsumer): void {
    if (consumer.waitingForSlot) return;
    consumer.waitingForSlot = true;
    this.waiting.push(consumer);
  }

  /**
   * Frees a slot and hands free slots to waiting runs in FIFO order, O(1) per hand-over. Not re-entered: a run
   * whose nodes complete synchronously releases slots while it is being handed one, and the loop already running
   * hands those on instead of recursing once per waiting run.
   */
  release(): void {
    this.active--;
    if (this.handingOver) return;
    this.handingOver = true;
    try {
      while (this.active < this.limit) {
        const next = this.waiting.shift();
        if (next === undefined) return;
        next.waitingForSlot = false;
        next.pump();
      }
    } finally {
      this.handingOver = false;
    }
  }
}
