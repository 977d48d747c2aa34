import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full-GC function: `global.gc` when Node runs with `--expose-gc`, otherwise one obtained by enabling the flag at
 * run time (V8 installs `gc` in contexts created after that). Undefined if neither works; heap samples are then
 * taken without a forced GC and the leak fit leans on its robustness to the garbage still in them.
 */
export function obtainGarbageCollector(): (() => void) | undefined {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return existing;
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}
