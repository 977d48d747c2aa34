import fc from 'fast-check';
import { test } from '../../harness/index.js';
import { errorWithName } from '../../engines/common/index.js';

export interface CheckPropertyOptions {
  /** The run's seed (the `seed` fixture): the same seed replays the same random loads. */
  readonly seed: number;
  readonly numRuns: number;
  /** The test id, for the replay command, e.g. `E2E-113`. */
  readonly id: string;
}

/** Thrown when a property over random loads fails; its message carries fast-check's report and the replay command. */
export class PropertyFailedError extends Error {
  override readonly name = 'PropertyFailedError';
  readonly code = 'E2E_PROPERTY_FAILED';
}

/**
 * Runs an asynchronous fast-check property under the run's seed. On failure it attaches the shrunk
 * counterexample, the seed, fast-check's replay path and the command that replays the test, then throws.
 */
export async function checkProperty<Ts>(
  property: fc.IAsyncPropertyWithHooks<Ts>,
  options: CheckPropertyOptions,
): Promise<fc.RunDetails<Ts>> {
  const details = await fc.check(property, { seed: options.seed, numRuns: options.numRuns, endOnFailure: false });
  if (details.failed) {
    const replay = `STRESS_SEED=${options.seed} npx playwright test -g ${options.id}`;
    await test.info().attach('property-counterexample.json', {
      contentType: 'application/json',
      body: JSON.stringify(
        {
          seed: options.seed,
          path: details.counterexamplePath,
          numRuns: details.numRuns,
          numShrinks: details.numShrinks,
          replay,
          fastCheckReplay: { seed: details.seed, path: details.counterexamplePath },
          counterexample: details.counterexample,
          error: errorWithName(details.errorInstance),
        },
        (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value),
        2,
      ),
    });
    throw new PropertyFailedError(`${fc.defaultReportMessage(details) ?? 'property failed'}\nreplay: ${replay}`, {
      cause: details.errorInstance,
    });
  }
  return details;
}
