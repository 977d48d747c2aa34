import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { StepsModuleError, messageOf } from './errors.js';
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

/**
 * Imports a steps module and lets it register into `registry` (a new one by default). TypeScript modules load
 * when a TS loader is active (the `maestro` bin registers tsx; vitest transforms them itself).
 * Throws {@link StepsModuleError} naming the module when it cannot be imported, has the wrong shape, or throws
 * while registering.
 */
export async function loadStepsModule(
  specifier: string,
  registry: StepRegistry = createStepRegistry(),
  cwd: string = process.cwd(),
): Promise<StepRegistry> {
  const url = toModuleUrl(specifier, cwd);
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw new StepsModuleError(`cannot load steps module ${specifier}: ${messageOf(error)}${loadHint(specifier, error)}`, { cause: error });
  }
  const register = pickRegister(loaded);
  if (register === undefined) {
    throw new StepsModuleError(
      `steps module ${specifier} must export a default function (or a function named "register") that receives the steps API, ` +
        `e.g. export default function steps({ Given, When, Then }) { ... }`,
    );
  }
  try {
    await register(registry.api);
  } catch (error) {
    throw new StepsModuleError(`steps module ${specifier} failed while registering: ${messageOf(error)}`, { cause: error });
  }
  return registry;
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
