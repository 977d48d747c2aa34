/**
 * FIFO queue with O(1) push and shift: a ring buffer whose capacity (a power of two) only grows. An array with a
 * moving head that is dropped whenever it empties reallocated its 17-slot backing store every few nodes, and with
 * thousands of runs alive at once that garbage was a visible share of the collector's time.
 */
export class Deque<T> {
  private items: (T | undefined)[] = [];
  private head = 0;
  private length = 0;

  get size(): number {
    return this.length;
  }

  push(item: T): void {
    const capacity = this.items.length;
    if (this.length === capacity) this.grow(capacity);
    this.items[(this.head + this.length) & (this.items.length - 1)] = item;
    this.length++;
  }

  shift(): T | undefined {
    if (this.length === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined; // release the reference for the collector
    this.head = (this.head + 1) & (this.items.length - 1);
    this.length--;
    return item;
  }

  private grow(capacity: number): void {
    const next: (T | undefined)[] = new Array<T | undefined>(capacity === 0 ? 8 : capacity * 2).fill(undefined);
    for (let i = 0; i < this.length; i++) next[i] = this.items[(this.head + i) & (capacity - 1)];
    this.items = next;
    this.head = 0;
  }
}
