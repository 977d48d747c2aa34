import type { Clock } from '../common/index.js';

/** The three validation streams of the tri-modal verdict. */
export type StreamName = 'DDE' | 'BDV' | 'ACC';

export const STREAM_NAMES: readonly StreamName[] = ['DDE', 'BDV', 'ACC'];

/** What one stream gets, and nothing more: no stream can reach another's workspace, signal or results. */
export interface StreamContext {
  readonly stream: StreamName;
  readonly runId: string;
  /** A directory owned by this stream alone for this run. */
  readonly workspaceDir: string;
  /** Aborted when the stream's deadline passes or the whole run is cancelled. */
  readonly signal: AbortSignal;
  /**
   * The coordinator's clock. A stream times its engine's work, timeouts and backoff on it, so a run on an injected
   * clock is one time scale throughout (its deadline, durations and the engines' own timers).
   */
  readonly clock: Clock;
  /** Deadline on the coordinator clock (`clock.now()` scale). */
  readonly deadline: number;
  /** Milliseconds left before the deadline (never negative). */
  remainingMs(): number;
}

/** What a stream reports when it ran to the end: its checks passed or not, with typed details. */
export interface StreamOutcome<D = unknown> {
  readonly passed: boolean;
  /** One line for humans, e.g. "12/12 scenarios passed". */
  readonly summary: string;
  readonly details: D;
}

/** A validation stream: DDE (workflow on the DAG engine), BDV (feature files) or ACC (a code base). */
export interface ValidationStream<D = unknown> {
  readonly name: StreamName;
  run(context: StreamContext): Promise<StreamOutcome<D>>;
}

/**
 * Why a stream failed: its own checks said so (`checksFailed`), it threw (`crashed`), ran past its deadline
 * (`timedOut`), was given input it could not use (`badInput`), returned something that is not a
 * {@link StreamOutcome} (`invalidOutcome`), or the whole run was cancelled (`cancelled`).
 */
export type StreamFailureReason = 'checksFailed' | 'crashed' | 'timedOut' | 'badInput' | 'invalidOutcome' | 'cancelled';

export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly stack?: string;
}

interface StreamResultBase {
  readonly stream: StreamName;
  readonly durationMs: number;
  readonly summary: string;
}

export interface PassedStreamResult<D> extends StreamResultBase {
  readonly status: 'passed';
  readonly details: D;
}

export interface FailedStreamResult<D> extends StreamResultBase {
  readonly status: 'failed';
  readonly reason: StreamFailureReason;
  /** Present when the stream ran to the end (`checksFailed`). */
  readonly details?: D;
  readonly error?: SerializedError;
  /**
   * For `timedOut` and `cancelled`: whether the stream's promise settled within the grace period after its signal
   * was aborted. False means it ignored the signal and may still be running.
   */
  readonly settledAfterAbort?: boolean;
}

export type StreamResult<D = unknown> = PassedStreamResult<D> | FailedStreamResult<D>;

export type Verdict =
  'ALL_PASS' | 'DESIGN_GAP' | 'ARCHITECTURAL_EROSION' | 'PROCESS_ISSUE' | 'MIXED_FAILURE' | 'SYSTEMIC_FAILURE';

/** Details type per stream name, so each stream's result stays typed. */
export type StreamDetails = { readonly [K in StreamName]: unknown };

/** One stream per name. */
export type StreamSet<D extends StreamDetails = StreamDetails> = {
  readonly [K in StreamName]: ValidationStream<D[K]>;
};

export type DetailsOf<S extends StreamSet> = {
  readonly [K in StreamName]: S[K] extends ValidationStream<infer D> ? D : never;
};

export interface CoordinatorReport<D extends StreamDetails = StreamDetails> {
  readonly schemaVersion: 1;
  readonly runId: string;
  /** ISO time the run started. */
  readonly startedAt: string;
  readonly durationMs: number;
  readonly verdict: Verdict;
  /** True only on ALL_PASS. */
  readonly deployable: boolean;
  readonly streams: { readonly [K in StreamName]: StreamResult<D[K]> };
}
