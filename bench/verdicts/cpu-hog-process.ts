/**
 * The harness's cpu-hog chaos helper in a process of its own: another job's load on the machine, as another
 * session or CI job would put on it. In the measuring process itself its threads would count in that process's
 * CPU time (`process.cpuUsage` covers every thread). Prints "ready" once its threads spin; stops on SIGTERM or
 * when stdin closes (the parent exited), and after `maxMs` at the latest.
 */
import { startCpuHog } from '../../harness/chaos/index.js';

const threads = Number(process.argv[2] ?? '2');
const maxMs = Number(process.argv[3] ?? '1800000');
const hog = await startCpuHog({ threads });
process.stdout.write('ready\n');
await new Promise<void>((resolve) => {
  const timer = setTimeout(resolve, maxMs);
  const stop = (): void => {
    clearTimeout(timer);
    resolve();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.stdin.once('close', stop);
  process.stdin.resume();
});
await hog.release();
process.exit(0);
