import { SoakConfigError } from './errors.js';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;

/**
 * Parses a soak duration such as `30s`, `10m`, `1h`, `1h30m` or `500ms` into milliseconds. A bare number is
 * rejected (seconds or minutes? the unit must be said), as are zero, negative and unknown units.
 */
export function parseDuration(text: string): number {
  const trimmed = text.trim().toLowerCase();
  const fail = (why: string): never => {
    throw new SoakConfigError(
      'SOAK_BAD_DURATION',
      `invalid duration "${text}": ${why} (examples: 30s, 10m, 1h, 1h30m, 500ms)`,
    );
  };
  if (trimmed === '') fail('empty');
  if (/^\d+(\.\d+)?$/.test(trimmed)) fail('a unit is required');
  PART.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  const seen = new Set<string>();
  for (let match = PART.exec(trimmed); match !== null; match = PART.exec(trimmed)) {
    const [whole, amount, unit] = match as unknown as [string, string, string];
    if (seen.has(unit)) fail(`unit ${unit} given twice`);
    seen.add(unit);
    total += Number(amount) * (UNIT_MS[unit] ?? Number.NaN);
    consumed += whole.length;
  }
  if (consumed !== trimmed.length) fail('expected <number><unit> parts with units ms, s, m, h');
  if (!(total >= 1) || !Number.isFinite(total)) fail('must be at least 1 ms');
  return Math.round(total);
}

/** `STRESS_DURATION` as milliseconds, or `fallbackMs` when unset or blank. */
export function readDurationFromEnv(env: NodeJS.ProcessEnv = process.env, fallbackMs = 60_000): number {
  const raw = env['STRESS_DURATION'];
  if (raw === undefined || raw.trim() === '') return fallbackMs;
  try {
    return parseDuration(raw);
  } catch (error) {
    throw new SoakConfigError('SOAK_BAD_DURATION', `STRESS_DURATION: ${(error as Error).message}`, { cause: error });
  }
}

/** `90000` → `1m30s`: the inverse of {@link parseDuration}, for progress lines. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.floor(ms / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m${String(s).padStart(2, '0')}s`;
  if (m > 0) return `${m}m${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}
