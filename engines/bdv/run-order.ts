import { createSeededRandom } from '../common/index.js';
import type { ExecutablePickle } from './types.js';

/** Run order, as cucumber-js's `--order`: as defined, reversed, or shuffled by a seed (printed, so a run replays). */
export type PickleOrder =
  { readonly kind: 'defined' } | { readonly kind: 'reverse' } | { readonly kind: 'random'; readonly seed: number };

/** Parses `defined`, `reverse`, `random` or `random:<seed>`; `random` without a seed draws one. */
export function parsePickleOrder(
  text: string,
  drawSeed: () => number = () => Math.floor(Math.random() * 2 ** 31),
): PickleOrder {
  if (text === 'defined' || text === 'reverse') return { kind: text };
  const match = /^random(?::(\d{1,10}))?$/.exec(text);
  if (match === null) throw new RangeError(`order must be defined, reverse, random or random:<seed>, got "${text}"`);
  return { kind: 'random', seed: match[1] === undefined ? drawSeed() : Number(match[1]) };
}

/** The pickles in the given order (a new array; the input is left alone). */
export function orderPickles(
  pickles: readonly ExecutablePickle[],
  order: PickleOrder | undefined,
): readonly ExecutablePickle[] {
  if (order === undefined || order.kind === 'defined') return pickles;
  if (order.kind === 'reverse') return [...pickles].reverse();
  const random = createSeededRandom(order.seed);
  const shuffled = [...pickles];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j] as ExecutablePickle, shuffled[i] as ExecutablePickle];
  }
  return shuffled;
}
