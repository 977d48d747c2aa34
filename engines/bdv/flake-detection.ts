import { isFailingStatus } from './build-report.js';
import type { FeatureSet } from './parse-features.js';
import {
  HISTORY_LIMIT,
  type FlakeClassification,
  type QuarantineData,
  type QuarantineEntry,
} from './quarantine-file.js';
import { runPickles, type RunOptions } from './run-pickles.js';
import type { ScenarioStatus } from './types.js';

/** Probability that two runs of a scenario disagree when each passes with probability `p`: 2p(1−p). */
export function flakeRate(passRate: number): number {
  return 2 * passRate * (1 - passRate);
}

export interface FlakeVerdict {
  readonly key: string;
  readonly uri: string;
  readonly name: string;
  readonly runs: number;
  readonly passed: number;
  readonly passRate: number;
  readonly flakeRate: number;
  readonly classification: FlakeClassification;
  readonly statuses: readonly ScenarioStatus[];
}

export interface ClassifyOptions {
  /** Is the scenario (still) quarantined? Then it is QUARANTINED whatever its results. */
  readonly quarantined: boolean;
  /** Flake rates at or below this count as STABLE (default 0: any disagreement is flaky). */
  readonly threshold?: number;
}

/** Classifies one scenario from its pass count over `runs` executions. */
export function classifyScenario(passed: number, runs: number, options: ClassifyOptions): FlakeClassification {
  const passRate = runs === 0 ? 0 : passed / runs;
  if (options.quarantined) return 'QUARANTINED';
  if (passed === runs) return 'STABLE';
  if (passed === 0) return 'CONSISTENTLY_FAILING';
  return flakeRate(passRate) > (options.threshold ?? 0) ? 'FLAKY' : 'STABLE';
}

export interface DetectFlakesOptions extends Omit<RunOptions, 'retries' | 'quarantine' | 'onScenario'> {
  /** Executions per scenario (at least 2 for a rate to mean anything). */
  readonly runs: number;
  /** The current quarantine (from `readQuarantineFile`); the updated one is returned, not written. */
  readonly quarantine: QuarantineData;
  readonly threshold?: number;
  /** Consecutive fully passing detections after which a quarantined scenario is released (default 3). */
  readonly releaseAfterStableDetections?: number;
  /** Time source for history records (default `new Date()`). */
  readonly now?: () => Date;
}

export interface FlakeReport {
  readonly verdicts: readonly FlakeVerdict[];
  readonly quarantine: QuarantineData;
  readonly counts: Readonly<Record<FlakeClassification, number>>;
}

/**
 * Runs every selected scenario `runs` times (no retries), classifies each as STABLE, FLAKY,
 * CONSISTENTLY_FAILING or QUARANTINED, and returns the updated quarantine: newly flaky scenarios enter it,
 * quarantined ones that stayed green for `releaseAfterStableDetections` detections leave it, and every tracked
 * scenario gains a history record.
 */
export async function detectFlakes(features: FeatureSet, options: DetectFlakesOptions): Promise<FlakeReport> {
  if (!Number.isInteger(options.runs) || options.runs < 1)
    throw new RangeError(`detectFlakes: runs must be an integer >= 1, got ${options.runs}`);
  const { runs: _runs, quarantine: current, threshold, releaseAfterStableDetections, now, ...runOptions } = options;
  const strict = options.strict ?? true;
  const statuses = new Map<string, { uri: string; name: string; list: ScenarioStatus[] }>();
  for (let run = 0; run < options.runs; run++) {
    options.signal?.throwIfAborted();
    const report = await runPickles(features, { ...runOptions, retries: 0 });
    for (const scenario of report.scenarios) {
      const entry = statuses.get(scenario.key) ?? { uri: scenario.uri, name: scenario.name, list: [] };
      entry.list.push(scenario.status);
      statuses.set(scenario.key, entry);
    }
  }

  const at = (now ?? (() => new Date()))().toISOString();
  const release = releaseAfterStableDetections ?? 3;
  const scenarios: Record<string, QuarantineEntry> = { ...current.scenarios };
  const verdicts: FlakeVerdict[] = [];
  const counts: Record<FlakeClassification, number> = { STABLE: 0, FLAKY: 0, CONSISTENTLY_FAILING: 0, QUARANTINED: 0 };
  for (const [key, { uri, name, list }] of statuses) {
    const runs = list.length;
    const passed = list.filter((status) => !isFailingStatus(status, strict)).length;
    const passRate = runs === 0 ? 0 : passed / runs;
    const previous = scenarios[key];
    const wasQuarantined = previous?.quarantined ?? false;
    const rate = flakeRate(passRate);
    // Released after `release` consecutive all-green detections, this one included.
    const earlier = release > 1 ? (previous?.history ?? []).slice(-(release - 1)) : [];
    const greens = [...earlier, { passed, runs }];
    const released =
      wasQuarantined && greens.length >= release && greens.every((record) => record.passed === record.runs);
    const classification = classifyScenario(passed, runs, {
      quarantined: wasQuarantined && !released,
      ...(threshold === undefined ? {} : { threshold }),
    });
    verdicts.push({ key, uri, name, runs, passed, passRate, flakeRate: rate, classification, statuses: list });
    counts[classification]++;

    if (previous === undefined && classification !== 'FLAKY') continue;
    const history = [...(previous?.history ?? []), { at, runs, passed, flakeRate: rate, classification }].slice(
      -HISTORY_LIMIT,
    );
    const quarantined = classification === 'FLAKY' || classification === 'QUARANTINED';
    const since = wasQuarantined && previous?.since !== undefined ? previous.since : at;
    scenarios[key] = {
      key,
      uri,
      name,
      quarantined,
      ...(quarantined ? { since } : {}),
      ...(quarantined
        ? { reason: previous?.reason ?? `flaky: ${passed}/${runs} passed, flake rate ${rate.toFixed(3)}` }
        : {}),
      history,
    };
  }
  return { verdicts, quarantine: { version: 1, updatedAt: at, scenarios }, counts };
}
