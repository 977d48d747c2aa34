import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pTimeout from 'p-timeout';
import { StepsModuleError, messageOf } from './errors.js';
import { checkInputStats } from './read-input-file.js';
import { createStepRegistry, type StepRegistry, type StepsApi } from './step-registry.js';

/**
 * The shape of a steps module: a default export (or a named `register` export) that receives the registry
 * API and defines steps, hooks and parameter types, synchronously or asynchronously.
 *
 * @example
 * ```ts
 * // features/steps.ts
 * import type { StepsApi } from '../engines/bdv/index.js';
 * export default function steps({ Given, When, Then }: StepsApi): void {
 *   Given('I have {int} cukes', function (this: { cukes: number }, n: number) { this.cukes = n; });
 * }
 * ```
 */
export type StepsModuleFunction = (api: StepsApi) => void | Promise<void>;

/** Turns a path (relative to `cwd`) or a file URL into the URL `import()` needs. */
export function toModuleUrl(specifier: string, cwd: string = process.cwd()): string {
  if (specifier.startsWith('file:')) return specifier;
  return pathToFileURL(path.resolve(cwd, specifier)).href;
}

/** How long a steps module may take to import and register before it is reported as stuck. */
export const DEFAULT_STEPS_LOAD_TIMEOUT_MS = 30_000;

export interface LoadStepsModuleOptions {
  /** Bound on importing the module and running its registration function (default 30 s). */
  readonly timeoutMs?: number;
  /** Stops waiting for a module that is still loading. */
  readonly signal?: AbortSignal;
}

/**
 * Imports a steps module and lets it register into `registry` (a new one by default). TypeScript modules load
 * when a TS loader is active (the `maestro` bin registers tsx; vitest transforms them itself).
 * Throws {@link StepsModuleError} naming the module when it is not a regular file, cannot be imported, has the
 * wrong shape, throws while registering, or does not finish importing and registering within `timeoutMs` (a
 * top-level await or a registration promise that never settles).
 */
export async function loadStepsModule(
  specifier: string,
  registry: StepRegistry = createStepRegistry(),
  cwd: string = process.cwd(),
  options: LoadStepsModuleOptions = {},
): Promise<StepRegistry> {
  const url = toModuleUrl(specifier, cwd);
  checkModuleFile(specifier, url);
  const timeoutMs = options.timeoutMs ?? DEFAULT_STEPS_LOAD_TIMEOUT_MS;
  const bounded = <T>(promise: Promise<T>, stage: string): Promise<T> =>
    pTimeout(promise, {
      milliseconds: timeoutMs,
      message: new StepsModuleError(
        `steps module ${specifier} did not finish ${stage} within ${timeoutMs} ms (a promise that never settles?)`,
      ),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  let loaded: Record<string, unknown>;
  try {
    loaded = (await bounded(import(url) as Promise<Record<string, unknown>>, 'loading')) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof StepsModuleError) throw error;
    throw new StepsModuleError(
      `cannot load steps module ${specifier}: ${messageOf(error)}${loadHint(specifier, error)}`,
      { cause: error },
    );
  }
  const register = pickRegister(loaded);
  if (register === undefined) {
    throw new StepsModuleError(
      `steps module ${specifier} must export a default function (or a function named "register") that receives the steps API, ` +
        `e.g. export default function steps({ Given, When, Then }) { ... }`,
    );
  }
  try {
    await bounded(Promise.resolve(register(registry.api)), 'registering');
  } catch (error) {
    if (error instanceof StepsModuleError) throw error;
    throw new StepsModuleError(`steps module ${specifier} failed while registering: ${messageOf(error)}`, {
      cause: error,
    });
  }
  return registry;
}

/** A FIFO or a device as a steps module would block the loader or never end: refuse it by name. */
function checkModuleFile(specifier: string, url: string): void {
  if (!url.startsWith('file:')) return;
  const file = fileURLToPath(url.replace(/[?#].*$/, ''));
  let info;
  try {
    info = statSync(file);
  } catch {
    return; // import() reports a missing file with its own, clear message
  }
  try {
    checkInputStats(specifier, info, { what: 'steps module', code: 'BDV_STEPS_MODULE' });
  } catch (error) {
    throw new StepsModuleError((error as Error).message, { cause: error });
  }
}

function pickRegister(loaded: Record<string, unknown>): StepsModuleFunction | undefined {
  const candidates = [loaded['default'], loaded['register']];
  // A CommonJS module or a double-wrapped default arrives as { default: { default: fn } }.
  const nested = loaded['default'];
  if (nested !== null && typeof nested === 'object') candidates.push((nested as Record<string, unknown>)['default']);
  return candidates.find((candidate): candidate is StepsModuleFunction => typeof candidate === 'function');
}

// tsx compiles a `.ts` file outside a `"type": "module"` package as CommonJS, and Node 20's require(esm) then
// refuses the `export default`; the raw message does not say what to change.
function loadHint(specifier: string, error: unknown): string {
  if (/\.tsx?$/.test(specifier) && /require\(\) ES Module/i.test(messageOf(error))) {
    return ' (a TypeScript steps module must load as ESM: rename it to .mts, or add "type": "module" to the nearest package.json)';
  }
  return '';
}
