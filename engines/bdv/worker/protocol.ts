import type { AttemptResult, ErrorInfo, ExecutablePickle, RunHookResult } from '../types.js';

/** What each worker thread is started with. */
export interface WorkerInit {
  readonly workerId: string;
  /** File URLs of the steps modules the worker imports itself. */
  readonly stepsModules: readonly string[];
  readonly retries: number;
  readonly concurrency: number;
  readonly dryRun: boolean;
  readonly defaultTimeoutMs: number | undefined;
  readonly worldParameters: Readonly<Record<string, unknown>>;
}

export interface IndexedPickle {
  readonly index: number;
  readonly item: ExecutablePickle;
}

export interface IndexedAttempts {
  readonly index: number;
  readonly attempts: readonly AttemptResult[];
}

export type ToWorker =
  | { readonly type: 'run'; readonly batch: readonly IndexedPickle[] }
  | { readonly type: 'finish' }
  /** The run was interrupted: abort running scenarios; a `finish` follows. */
  | { readonly type: 'abort' };

export type FromWorker =
  | { readonly type: 'ready'; readonly runHookResults: readonly RunHookResult[] }
  | { readonly type: 'fatal'; readonly error: ErrorInfo }
  | { readonly type: 'results'; readonly results: readonly IndexedAttempts[] }
  | { readonly type: 'done'; readonly runHookResults: readonly RunHookResult[] };
