/**
 * `@cucumber/fake-cucumber`, as the Compatibility Kit's step definitions import it, mapped onto this engine's
 * steps API. One mechanical translation for every sample: each call is forwarded to the registry the adapter
 * bound before importing the sample ({@link bindStepsApi}); nothing here knows any sample.
 */
import { PendingException, SkippedException, type DataTable as EngineDataTable, type StepsApi } from '../index.js';

let bound: StepsApi | undefined;

/** Makes the next imported sample register into `api`. */
export function bindStepsApi(api: StepsApi): void {
  bound = api;
}

function api(): StepsApi {
  if (bound === undefined)
    throw new Error('@cucumber/fake-cucumber shim: no steps API bound (load samples through cck-steps.ts)');
  return bound;
}

type Body = (this: unknown, ...args: never[]) => unknown;
interface HookOptions {
  readonly tags?: string;
  readonly name?: string;
}

export const Given = (pattern: string | RegExp, body: Body): void => api().Given(pattern, body as never);
export const When = (pattern: string | RegExp, body: Body): void => api().When(pattern, body as never);
export const Then = (pattern: string | RegExp, body: Body): void => api().Then(pattern, body as never);

export const Before = (options: HookOptions, body: Body): void => api().Before(hookOptions(options), body as never);
export const After = (options: HookOptions, body: Body): void => api().After(hookOptions(options), body as never);
export const BeforeAll = (_options: HookOptions, body: Body): void => api().BeforeAll(body as never);
export const AfterAll = (_options: HookOptions, body: Body): void => api().AfterAll(body as never);

export const ParameterType = (options: {
  readonly name: string;
  readonly regexp: RegExp | string | readonly (RegExp | string)[];
  readonly transformer?: (...groups: string[]) => unknown;
  readonly useForSnippets?: boolean;
  readonly preferForRegexpMatch?: boolean;
}): void => api().defineParameterType(options);

export { PendingException, SkippedException };
export type DataTable = EngineDataTable;

function hookOptions(options: HookOptions): HookOptions {
  return {
    ...(options.tags === undefined ? {} : { tags: options.tags }),
    ...(options.name === undefined ? {} : { name: options.name }),
  };
}
