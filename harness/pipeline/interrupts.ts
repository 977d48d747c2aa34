export type StopSignal = 'SIGINT' | 'SIGTERM';

/** Exit code for a run stopped by a signal: 128 + its number, as a shell reports it. */
export function exitCodeOf(signal: StopSignal): number {
  return signal === 'SIGINT' ? 130 : 143;
}

export interface Interrupts {
  /** Aborted on the first SIGINT/SIGTERM. */
  readonly signal: AbortSignal;
  /** The first signal received, if any. */
  received(): StopSignal | undefined;
  /** Removes the handlers (the process's default behaviour comes back). */
  dispose(): void;
}

export interface TrapInterruptsOptions {
  /** Called on the first signal (e.g. ask Playwright to stop). */
  onFirst?: (signal: StopSignal) => void;
  /** Called on a second signal, just before the process exits (e.g. kill the child for good). */
  onSecond?: (signal: StopSignal) => void;
  /** What the first signal does, said to the user (default: the report of what ran is still built). */
  stopping?: string;
  /** Where that line goes; default stderr. */
  notify?: (line: string) => void;
  exit?: (code: number) => void;
  /**
   * A signal this soon after the first is the same Ctrl-C arriving twice (from the terminal to the whole process
   * group, and relayed by npm), not a second request: ignored, as Playwright's runner does. Default 1000 ms.
   */
  dedupeMs?: number;
  now?: () => number;
}

/**
 * A CLI's signal policy: the first SIGINT or SIGTERM aborts `signal` (the CLI lets the running work stop and
 * still writes what it has); a second one (a second or more later) exits at once with 130/143.
 */
export function trapInterrupts(options: TrapInterruptsOptions = {}): Interrupts {
  const controller = new AbortController();
  const notify = options.notify ?? ((line: string) => process.stderr.write(`${line}\n`));
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const now = options.now ?? (() => performance.now());
  const dedupeMs = options.dedupeMs ?? 1000;
  let first: StopSignal | undefined;
  let firstAt = 0;
  const handler = (signal: StopSignal): void => {
    if (first === undefined) {
      first = signal;
      firstAt = now();
      notify(
        `\n${signal}: stopping; ${options.stopping ?? 'the report of what ran is still built'} (send it again to exit at once)`,
      );
      controller.abort(new Error(`interrupted by ${signal}`));
      options.onFirst?.(signal);
      return;
    }
    if (now() - firstAt < dedupeMs) return;
    options.onSecond?.(signal);
    exit(exitCodeOf(signal));
  };
  const onInt = (): void => handler('SIGINT');
  const onTerm = (): void => handler('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    received: () => first,
    dispose: () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
