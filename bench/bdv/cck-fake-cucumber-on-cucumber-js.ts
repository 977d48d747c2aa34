/**
 * `@cucumber/fake-cucumber`, as the Compatibility Kit's step definitions import it, mapped onto cucumber-js's
 * own API: the same mechanical translation as `engines/bdv/cck/fake-cucumber.ts`, so both tools are scored on
 * the kit's own step definitions.
 */
import { After, AfterAll, Before, BeforeAll, Given, Then, When, defineParameterType } from '@cucumber/cucumber';

export { Given, Then, When };
export { Before as Before, After as After };
export { BeforeAll, AfterAll };
export const ParameterType = (options: Parameters<typeof defineParameterType>[0]): void => defineParameterType(options);
/** cucumber-js has no exception for pending or skipped: thrown, these are failures there. */
export class PendingException extends Error {}
export class SkippedException extends Error {}
export type DataTable = unknown;
