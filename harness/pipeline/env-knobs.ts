/**
 * The run's two size knobs, read once here so the Playwright config, the run manifest and the baselines' fallback
 * context agree on what a value means and on which values are refused.
 */
export class ScaleError extends Error {
  override readonly name = 'ScaleError';
  readonly code = 'INVALID_SCALE';
}

export class WorkersError extends Error {
  override readonly name = 'WorkersError';
  readonly code = 'INVALID_WORKERS';
}

/** STRESS_SCALE as a positive multiplier for workload sizes; 1 when unset. */
export function readScaleFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['STRESS_SCALE'];
  if (raw === undefined || raw.trim() === '') return 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0) throw new ScaleError(`STRESS_SCALE must be a number > 0, got "${raw}"`);
  return scale;
}

/**
 * STRESS_WORKERS as Playwright takes it: a count ("4") or a share of the cores ("50%", kept as given); 1 when unset.
 * One worker is the default because stress specs measure CPU and RSS, and on a 2-core machine a second worker would
 * compete for the same cores.
 */
export function readWorkersFromEnv(env: NodeJS.ProcessEnv = process.env): number | string {
  const raw = env['STRESS_WORKERS'];
  if (raw === undefined || raw.trim() === '') return 1;
  const trimmed = raw.trim();
  if (/^[1-9]\d*%$/.test(trimmed)) return trimmed;
  const count = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || !Number.isSafeInteger(count) || count < 1) {
    throw new WorkersError(`STRESS_WORKERS must be a positive integer or a percentage such as "50%", got "${raw}"`);
  }
  return count;
}

/** A workload size multiplied by the scale, at least 1. */
export function scaled(base: number, scale: number): number {
  return Math.max(1, Math.round(base * scale));
}
