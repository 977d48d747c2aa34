import { runContender, startWorkTimer } from './child-protocol.js';

/**
 * A contender that does no work: its peak RSS is what node + tsx + the child protocol cost before any engine or
 * peer is loaded, the part of every row's peak RSS that is not the tool's.
 */
await runContender<unknown>(async () => {
  const timer = startWorkTimer();
  const { ms, cpuMs } = timer.stop();
  return { ms, cpuMs, items: 0, outcome: {} };
});
