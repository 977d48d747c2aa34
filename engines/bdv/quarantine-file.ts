import { writeJsonAtomic } from '../common/index.js';
import { QuarantineFileError } from './errors.js';
import { readInputFileSync } from './read-input-file.js';

export type FlakeClassification = 'STABLE' | 'FLAKY' | 'CONSISTENTLY_FAILING' | 'QUARANTINED';

/** One flake-detection pass over a scenario, as kept in the quarantine file. */
export interface QuarantineHistoryRecord {
  /** ISO time of the detection. */
  readonly at: string;
  readonly runs: number;
  readonly passed: number;
  readonly flakeRate: number;
  readonly classification: FlakeClassification;
}

export interface QuarantineEntry {
  readonly key: string;
  readonly uri: string;
  readonly name: string;
  /** While true, the scenario still runs but its failure does not fail a run. */
  readonly quarantined: boolean;
  readonly since?: string;
  readonly reason?: string;
  /** Most recent last, capped at {@link HISTORY_LIMIT}. */
  readonly history: readonly QuarantineHistoryRecord[];
}

export interface QuarantineData {
  readonly version: 1;
  readonly updatedAt: string;
  readonly scenarios: Readonly<Record<string, QuarantineEntry>>;
}

export const HISTORY_LIMIT = 20;

export function emptyQuarantine(): QuarantineData {
  return { version: 1, updatedAt: new Date(0).toISOString(), scenarios: {} };
}

/** Keys of the scenarios a run must treat as quarantined. */
export function quarantinedKeys(data: QuarantineData): Set<string> {
  return new Set(
    Object.values(data.scenarios)
      .filter((entry) => entry.quarantined)
      .map((entry) => entry.key),
  );
}

/**
 * Reads a quarantine file. A missing file is an empty quarantine (the first detection creates it); anything
 * unreadable or malformed throws {@link QuarantineFileError} naming the file, so a corrupt file never silently
 * un-quarantines everything.
 */
// Async for its callers; the read inside is synchronous and non-blocking, so a FIFO cannot hang it.
export async function readQuarantineFile(file: string): Promise<QuarantineData> {
  let text: string;
  try {
    // Not a FIFO, a device or a huge file: each would block or exhaust memory instead of failing.
    text = readInputFileSync(file, { what: 'quarantine file', code: 'BDV_QUARANTINE_FILE' }).toString('utf8');
  } catch (error) {
    const cause = (error as { cause?: NodeJS.ErrnoException }).cause;
    if (cause?.code === 'ENOENT') return emptyQuarantine();
    const problem =
      cause === undefined
        ? (error as Error).message.slice(`quarantine file ${file} `.length)
        : `cannot read: ${cause.message}`;
    throw new QuarantineFileError(file, problem, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new QuarantineFileError(file, `not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const problem = findShapeProblem(parsed);
  if (problem !== undefined) throw new QuarantineFileError(file, problem);
  return parsed as QuarantineData;
}

/** Writes the file atomically: a temporary file in the same folder, then a rename over the old one. */
export async function writeQuarantineFile(file: string, data: QuarantineData): Promise<void> {
  try {
    await writeJsonAtomic(file, data);
  } catch (error) {
    throw new QuarantineFileError(file, `cannot write: ${(error as Error).message}`, { cause: error });
  }
}

function findShapeProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'expected a JSON object';
  if (value['version'] !== 1) return `unsupported version ${JSON.stringify(value['version'])} (expected 1)`;
  if (typeof value['updatedAt'] !== 'string') return '"updatedAt" must be a string';
  const scenarios = value['scenarios'];
  if (!isRecord(scenarios)) return '"scenarios" must be an object';
  for (const [key, entry] of Object.entries(scenarios)) {
    const where = `scenarios[${JSON.stringify(key)}]`;
    if (!isRecord(entry)) return `${where} must be an object`;
    if (entry['key'] !== key) return `${where}.key must equal its property name`;
    if (typeof entry['uri'] !== 'string' || typeof entry['name'] !== 'string')
      return `${where} needs string "uri" and "name"`;
    if (typeof entry['quarantined'] !== 'boolean') return `${where}.quarantined must be a boolean`;
    const history = entry['history'];
    if (!Array.isArray(history)) return `${where}.history must be an array`;
    for (const [index, record] of history.entries()) {
      if (
        !isRecord(record) ||
        typeof record['at'] !== 'string' ||
        typeof record['runs'] !== 'number' ||
        typeof record['passed'] !== 'number'
      ) {
        return `${where}.history[${index}] needs "at" (string), "runs" and "passed" (numbers)`;
      }
    }
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
