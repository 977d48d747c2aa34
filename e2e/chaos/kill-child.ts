import { spawn } from 'node:child_process';

export interface KilledChild {
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  /** `completed` lines seen on stdout when the kill was sent. */
  readonly completionsAtKill: number;
}

export interface RunAndKillOptions {
  /** The TypeScript entry point, run with `node --import tsx`. */
  readonly script: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** SIGKILL once this many `completed ` lines were printed. */
  readonly killAfterCompletions: number;
  /** Gives up (and kills) if the child has not been killed by then. */
  readonly signal: AbortSignal;
}

/**
 * Spawns a child that prints `completed <id>` lines and SIGKILLs it after the chosen number of them: no chance to
 * flush, close files or run handlers, as when a machine loses power. Rejects when the child exits on its own first.
 */
export function runAndKill(options: RunAndKillOptions): Promise<KilledChild> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', options.script, ...options.args], {
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let seen = 0;
    let completionsAtKill = 0;
    const onAbort = (): void => {
      child.kill('SIGKILL');
    };
    options.signal.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      seen += chunk.split('\n').filter((line) => line.startsWith('completed ')).length;
      if (
        seen >= options.killAfterCompletions &&
        child.exitCode === null &&
        child.signalCode === null &&
        completionsAtKill === 0
      ) {
        completionsAtKill = seen;
        child.kill('SIGKILL');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', (error) => {
      options.signal.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      options.signal.removeEventListener('abort', onAbort);
      if (signal === 'SIGKILL' && completionsAtKill > 0) resolve({ signal, stdout, completionsAtKill });
      else
        reject(
          new Error(
            `crash child ended with code ${String(code)} / ${String(signal)} before the planned kill\n${stderr}`,
          ),
        );
    });
  });
}
