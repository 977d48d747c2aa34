import type { Expression } from '@cucumber/cucumber-expressions';
import type { SourceReference } from './source-reference.js';

/* Step and hook shapes, shared by the registry that collects them and the matcher that resolves step texts. */

/** What a step may return: nothing, or `'pending'` / `'skipped'` to mark itself so (cucumber-js convention). */
export type StepOutcome = void | undefined | 'pending' | 'skipped';

/**
 * A step body. `this` is the scenario's world; the arguments are the expression's parameters, then the data
 * table ({@link DataTable}) or doc string (string) if the step has one.
 */
// `any` on purpose: step authors annotate their own parameters (`(n: number) => ...`), and untyped JS-style
// parameters must not collapse to `never`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StepFunction = (this: any, ...args: any[]) => StepOutcome | PromiseLike<StepOutcome>;

/** Per-definition options. */
export interface StepOptions {
  /** Timeout for this step when it returns a promise (default: the registry's default timeout). */
  readonly timeoutMs?: number;
}

/** The scenario a Before/After hook runs for. */
export interface HookScenario {
  readonly pickleId: string;
  readonly name: string;
  readonly uri: string;
  readonly tags: readonly string[];
  /** For After hooks: the worst status so far, and the first error. */
  readonly status?: string;
  readonly error?: { readonly name: string; readonly message: string };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type HookFunction = (this: any, scenario: HookScenario) => StepOutcome | PromiseLike<StepOutcome>;
/** `this` is a run-level world: `attach`, `log`, `link` and `parameters`, as in a scenario. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RunHookFunction = (this: any) => StepOutcome | PromiseLike<StepOutcome>;

/** Options of a Before/After hook; `tags` is a tag expression such as `@db and not @slow`. */
export interface HookOptions {
  readonly tags?: string;
  readonly name?: string;
  readonly timeoutMs?: number;
}

/** A custom parameter type, as in cucumber-js: `{color}` matching `red|blue` and transformed to a value. */
export interface ParameterTypeOptions<T> {
  readonly name: string;
  readonly regexp: RegExp | string | readonly (RegExp | string)[];
  readonly transformer?: (...groups: string[]) => T;
  readonly useForSnippets?: boolean;
  readonly preferForRegexpMatch?: boolean;
}

export interface StepDefinition {
  readonly id: string;
  readonly keyword: 'Given' | 'When' | 'Then' | 'Step';
  readonly pattern: string | RegExp;
  readonly fn: StepFunction;
  readonly timeoutMs: number | undefined;
  /** Compiled lazily (parameter types may be defined after the steps that use them). */
  expression: Expression | undefined;
  /** Set when the expression names a parameter type nobody defined (the definition then never matches). */
  undefinedParameterType?: UndefinedParameterType;
  readonly sourceReference: SourceReference;
}

export interface HookDefinition {
  readonly id: string;
  readonly kind: 'Before' | 'After';
  readonly name: string | undefined;
  readonly tags: string | undefined;
  readonly appliesTo: (tagNames: readonly string[]) => boolean;
  readonly fn: HookFunction;
  readonly timeoutMs: number | undefined;
  readonly sourceReference: SourceReference;
}

export interface RunHookDefinition {
  readonly id: string;
  readonly kind: 'BeforeAll' | 'AfterAll';
  readonly name: string | undefined;
  readonly fn: RunHookFunction;
  readonly timeoutMs: number | undefined;
  readonly sourceReference: SourceReference;
}

/** A custom parameter type as registered, for the `parameterType` message. */
export interface ParameterTypeDefinition {
  readonly id: string;
  readonly name: string;
  readonly regularExpressions: readonly string[];
  readonly useForSnippets: boolean;
  readonly preferForRegularExpressionMatch: boolean;
  readonly sourceReference: SourceReference;
}

/** A step definition whose expression names a parameter type nobody defined: it never matches. */
export interface UndefinedParameterType {
  readonly name: string;
  readonly expression: string;
}

/** Everything registered, in registration order (Cucumber Messages list definitions in that order). */
export type RegisteredDefinition =
  | { readonly kind: 'step'; readonly definition: StepDefinition }
  | { readonly kind: 'hook'; readonly definition: HookDefinition }
  | { readonly kind: 'runHook'; readonly definition: RunHookDefinition }
  | { readonly kind: 'parameterType'; readonly definition: ParameterTypeDefinition };
