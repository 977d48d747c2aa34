import { isDeepStrictEqual } from 'node:util';
import type { Envelope } from '@cucumber/messages';

/**
 * Keys cucumber-js leaves out when it compares its messages with the Compatibility Kit's (ids, source positions,
 * times, error texts and snippet code differ between implementations by design). Taken from cucumber-js 12.9
 * `features/support/formatter_output_helpers.ts` (`ignorableKeys`), used by its `compatibility/cck_spec.ts`.
 */
export const IGNORABLE_KEYS: readonly string[] = [
  'meta',
  'uri',
  'line',
  'astNodeId',
  'astNodeIds',
  'hookId',
  'id',
  'pickleId',
  'pickleStepId',
  'stepDefinitionIds',
  'testRunStartedId',
  'testRunHookStartedId',
  'testCaseId',
  'testCaseStartedId',
  'testStepId',
  'nanos',
  'seconds',
  'message',
  'stackTrace',
  'language',
  'code',
];

/** Removes `keys` at every depth, as chai-exclude's `excludingEvery` does on both sides of the comparison. */
export function withoutKeys(value: unknown, keys: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutKeys(item, keys));
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (!keys.has(key)) result[key] = withoutKeys(inner, keys);
  }
  return result;
}

/**
 * cucumber-js's `reorderEnvelopes`: run-hook messages seen before the first `testCaseStarted` move right after
 * `testRunStarted` (an implementation may emit the test plan before or after its BeforeAll hooks). One
 * difference: an attachment a run hook made (`testRunHookStartedId`) moves with its hook. cucumber-js moves only
 * the hook's started/finished messages, which takes them away from the attachment between them, so its
 * normalisation changes even the kit's own stream for `global-hooks-attachments` (cucumber-js skips that sample);
 * with the attachment moving too, the kit's own stream is left as it is for every sample (the CCK test checks it).
 */
export function reorderRunHookEnvelopes(envelopes: readonly Envelope[]): Envelope[] {
  const result: Envelope[] = [];
  const moved: Envelope[] = [];
  let testRunStarted: Envelope | undefined;
  let seenTestCaseStarted = false;
  for (const envelope of envelopes) {
    if (envelope.testRunStarted !== undefined) testRunStarted = envelope;
    if (envelope.testCaseStarted !== undefined) seenTestCaseStarted = true;
    const runHookMessage =
      envelope.testRunHookStarted !== undefined ||
      envelope.testRunHookFinished !== undefined ||
      envelope.attachment?.testRunHookStartedId !== undefined;
    if (runHookMessage && !seenTestCaseStarted) moved.push(envelope);
    else result.push(envelope);
  }
  // indexOf(undefined) is -1, so without a testRunStarted the hooks go first, as in cucumber-js.
  result.splice(testRunStarted === undefined ? 0 : result.indexOf(testRunStarted) + 1, 0, ...moved);
  return result;
}

/** Where a produced stream first differs from the expected one, or `undefined` when they are equal. */
export interface EnvelopeDifference {
  readonly index: number;
  readonly expected: unknown;
  readonly actual: unknown;
}

/**
 * Compares as cucumber-js's CCK test does: actual reordered, both sides without the ignorable keys, deep equality.
 * `reorder: false` compares the stream as produced (see the README on `global-hooks-attachments`).
 */
export function compareWithKit(
  actual: readonly Envelope[],
  expected: readonly Envelope[],
  options: { readonly reorder?: boolean } = {},
): EnvelopeDifference | undefined {
  const keys = new Set(IGNORABLE_KEYS);
  const left = (options.reorder === false ? actual : reorderRunHookEnvelopes(actual)).map((envelope) =>
    withoutKeys(envelope, keys),
  );
  const right = expected.map((envelope) => withoutKeys(envelope, keys));
  const length = Math.max(left.length, right.length);
  for (let index = 0; index < length; index++) {
    if (!isDeepStrictEqual(left[index], right[index])) return { index, expected: right[index], actual: left[index] };
  }
  return undefined;
}
