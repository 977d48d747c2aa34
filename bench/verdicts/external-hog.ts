import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./cpu-hog-process.ts', import.meta.url));

export interface ExternalHog {
  release(): Promise<void>;
}

/** Starts the cpu hog in its own process (see cpu-hog-process.ts); resolves once its threads spin. */
export async function startExternalCpuHog(options: {
  threads: number;
  cwd: string;
  maxMs?: number;
  signal?: AbortSignal;
}): Promise<ExternalHog> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', ENTRY, String(options.threads), String(options.maxMs ?? 1_800_000)],
    {
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('cpu hog process did not start within 60 s')), 60_000);
    const onAbort = (): void => reject(options.signal?.reason);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`cpu hog process exited with ${code}`));
    });
  }).catch(async (error: unknown) => {
    child.kill('SIGTERM');
    await exited;
    throw error;
  });
  return {
    release: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
