import {
  CucumberExpression,
  ParameterType,
  ParameterTypeRegistry,
  RegularExpression,
  type Expression,
} from '@cucumber/cucumber-expressions';
import { parse as parseTagExpression } from '@cucumber/tag-expressions';
import { StepDefinitionError, TagExpressionError, messageOf } from './errors.js';
import { useNativeMatchIndices } from './native-indices.js';
import { callerReference } from './source-reference.js';
import { createStepMatcher, type StepMatcher } from './step-matcher.js';
import type {
  HookDefinition,
  HookFunction,
  HookOptions,
  ParameterTypeDefinition,
  ParameterTypeOptions,
  RegisteredDefinition,
  RunHookDefinition,
  RunHookFunction,
  StepDefinition,
  StepFunction,
  StepOptions,
  UndefinedParameterType,
} from './step-types.js';
import { World, type WorldConstructor } from './world.js';

export type {
  HookDefinition,
  HookFunction,
  HookOptions,
  HookScenario,
  ParameterTypeDefinition,
  ParameterTypeOptions,
  RegisteredDefinition,
  RunHookDefinition,
  RunHookFunction,
  StepDefinition,
  StepFunction,
  StepOptions,
  StepOutcome,
  UndefinedParameterType,
} from './step-types.js';

type DefineStep = {
  (pattern: string | RegExp, fn: StepFunction): void;
  (pattern: string | RegExp, options: StepOptions, fn: StepFunction): void;
};
type DefineHook = {
  (fn: HookFunction): void;
  (tagsOrOptions: string | HookOptions, fn: HookFunction): void;
};
interface RunHookOptions {
  readonly timeoutMs?: number;
  readonly name?: string;
}
type DefineRunHook = {
  (fn: RunHookFunction): void;
  (options: RunHookOptions, fn: RunHookFunction): void;
};

/**
 * The API a steps module receives. Given/When/Then are aliases of `defineStep` (as in cucumber-js, matching
 * ignores the keyword; the keyword documents intent and shapes snippets).
 */
export interface StepsApi {
  readonly Given: DefineStep;
  readonly When: DefineStep;
  readonly Then: DefineStep;
  readonly defineStep: DefineStep;
  readonly Before: DefineHook;
  readonly After: DefineHook;
  readonly BeforeAll: DefineRunHook;
  readonly AfterAll: DefineRunHook;
  readonly defineParameterType: <T>(options: ParameterTypeOptions<T>) => void;
  readonly setWorldConstructor: (ctor: WorldConstructor) => void;
  readonly setDefaultTimeout: (ms: number) => void;
}

/** Default timeout of asynchronous steps and hooks, as in cucumber-js. */
export const DEFAULT_STEP_TIMEOUT_MS = 5_000;

/**
 * Holds step definitions, hooks, parameter types and the world constructor. Build one with
 * {@link createStepRegistry}, fill it through {@link StepRegistry.api}, then hand it to the runner.
 */
export class StepRegistry {
  readonly parameterTypes = new ParameterTypeRegistry();
  readonly steps: StepDefinition[] = [];
  readonly beforeHooks: HookDefinition[] = [];
  readonly afterHooks: HookDefinition[] = [];
  readonly beforeAllHooks: RunHookDefinition[] = [];
  readonly afterAllHooks: RunHookDefinition[] = [];
  /** Every step definition, hook and parameter type in registration order. */
  readonly definitions: RegisteredDefinition[] = [];
  /** Step definitions left out because their expression names an unknown parameter type (known after `matcher()`). */
  readonly undefinedParameterTypes: UndefinedParameterType[] = [];
  /** Base of the `uri` in definitions' source references. */
  cwd = process.cwd();
  worldConstructor: WorldConstructor = World;
  defaultTimeoutMs = DEFAULT_STEP_TIMEOUT_MS;
  readonly api: StepsApi;
  #matcher: StepMatcher | undefined;
  #hookCount = 0;

  constructor() {
    const step = (keyword: StepDefinition['keyword']): DefineStep =>
      ((pattern: string | RegExp, optionsOrFn: StepOptions | StepFunction, maybeFn?: StepFunction) =>
        this.#addStep(keyword, pattern, optionsOrFn, maybeFn)) as DefineStep;
    const hook = (kind: HookDefinition['kind']): DefineHook =>
      ((tagsOrFn: string | HookOptions | HookFunction, maybeFn?: HookFunction) =>
        this.#addHook(kind, tagsOrFn, maybeFn)) as DefineHook;
    const runHook = (kind: RunHookDefinition['kind']): DefineRunHook =>
      ((optionsOrFn: RunHookOptions | RunHookFunction, maybeFn?: RunHookFunction) =>
        this.#addRunHook(kind, optionsOrFn, maybeFn)) as DefineRunHook;
    this.api = Object.freeze({
      Given: step('Given'),
      When: step('When'),
      Then: step('Then'),
      defineStep: step('Step'),
      Before: hook('Before'),
      After: hook('After'),
      BeforeAll: runHook('BeforeAll'),
      AfterAll: runHook('AfterAll'),
      defineParameterType: <T>(options: ParameterTypeOptions<T>) => this.#addParameterType(options),
      setWorldConstructor: (ctor: WorldConstructor) => {
        if (typeof ctor !== 'function') throw new StepDefinitionError('setWorldConstructor needs a class');
        this.worldConstructor = ctor;
      },
      setDefaultTimeout: (ms: number) => {
        this.defaultTimeoutMs = checkTimeout(ms, 'setDefaultTimeout');
      },
    });
  }

  /**
   * The matcher over all definitions; compiles every expression on first use. An expression naming a parameter
   * type nobody defined is left out (its steps are undefined, as in Cucumber) and listed in
   * {@link undefinedParameterTypes}; any other bad expression fails here with the pattern in the message.
   */
  matcher(): StepMatcher {
    if (this.#matcher === undefined) {
      this.undefinedParameterTypes.length = 0;
      const usable: StepDefinition[] = [];
      for (const definition of this.steps) {
        if (definition.expression === undefined && definition.undefinedParameterType === undefined) {
          const compiled = this.#compile(definition.pattern);
          if ('match' in compiled) definition.expression = compiled;
          else definition.undefinedParameterType = compiled;
        }
        if (definition.expression !== undefined) usable.push(definition);
        else if (definition.undefinedParameterType !== undefined)
          this.undefinedParameterTypes.push(definition.undefinedParameterType);
      }
      this.#matcher = createStepMatcher(usable);
    }
    return this.#matcher;
  }

  /** Step definitions that can match (those whose expression compiled). */
  usableSteps(): readonly StepDefinition[] {
    this.matcher();
    return this.steps.filter((definition) => definition.expression !== undefined);
  }

  #compile(pattern: string | RegExp): Expression | UndefinedParameterType {
    try {
      const expression =
        typeof pattern === 'string'
          ? new CucumberExpression(pattern, this.parameterTypes)
          : new RegularExpression(pattern, this.parameterTypes);
      useNativeMatchIndices(expression);
      return expression;
    } catch (error) {
      const name = (error as { undefinedParameterTypeName?: unknown }).undefinedParameterTypeName;
      if (typeof name === 'string') return { name, expression: typeof pattern === 'string' ? pattern : pattern.source };
      throw new StepDefinitionError(`step definition ${String(pattern)}: ${messageOf(error)}`, { cause: error });
    }
  }

  #addStep(
    keyword: StepDefinition['keyword'],
    pattern: string | RegExp,
    optionsOrFn: StepOptions | StepFunction,
    maybeFn: StepFunction | undefined,
  ): void {
    const fn = typeof optionsOrFn === 'function' ? optionsOrFn : maybeFn;
    const options = typeof optionsOrFn === 'function' ? {} : optionsOrFn;
    if (typeof pattern !== 'string' && !(pattern instanceof RegExp)) {
      throw new StepDefinitionError(`${keyword}: the pattern must be a string or a RegExp, got ${typeof pattern}`);
    }
    if (typeof fn !== 'function')
      throw new StepDefinitionError(`${keyword}(${String(pattern)}): missing step function`);
    const definition: StepDefinition = {
      id: `step-${this.steps.length}`,
      keyword,
      pattern,
      fn,
      timeoutMs: options.timeoutMs === undefined ? undefined : checkTimeout(options.timeoutMs, String(pattern)),
      expression: undefined,
      sourceReference: callerReference(this.cwd),
    };
    this.steps.push(definition);
    this.definitions.push({ kind: 'step', definition });
    this.#matcher = undefined;
  }

  #addHook(
    kind: HookDefinition['kind'],
    tagsOrFn: string | HookOptions | HookFunction,
    maybeFn: HookFunction | undefined,
  ): void {
    const fn = typeof tagsOrFn === 'function' ? tagsOrFn : maybeFn;
    const options: HookOptions =
      typeof tagsOrFn === 'function' ? {} : typeof tagsOrFn === 'string' ? { tags: tagsOrFn } : tagsOrFn;
    if (typeof fn !== 'function') throw new StepDefinitionError(`${kind}: missing hook function`);
    const tags = options.tags;
    const appliesTo = tags === undefined ? () => true : compileTagFilter(tags);
    const definition: HookDefinition = {
      id: `hook-${this.#hookCount++}`,
      kind,
      name: options.name,
      tags,
      appliesTo,
      fn,
      timeoutMs: options.timeoutMs === undefined ? undefined : checkTimeout(options.timeoutMs, kind),
      sourceReference: callerReference(this.cwd),
    };
    this.definitions.push({ kind: 'hook', definition });
    if (kind === 'Before') this.beforeHooks.push(definition);
    // cucumber-js runs After hooks in reverse definition order, so teardown mirrors setup.
    else this.afterHooks.unshift(definition);
  }

  #addRunHook(
    kind: RunHookDefinition['kind'],
    optionsOrFn: RunHookOptions | RunHookFunction,
    maybeFn: RunHookFunction | undefined,
  ): void {
    const fn = typeof optionsOrFn === 'function' ? optionsOrFn : maybeFn;
    const options: RunHookOptions = typeof optionsOrFn === 'function' ? {} : optionsOrFn;
    if (typeof fn !== 'function') throw new StepDefinitionError(`${kind}: missing hook function`);
    const definition: RunHookDefinition = {
      id: `hook-${this.#hookCount++}`,
      kind,
      name: options.name,
      fn,
      timeoutMs: options.timeoutMs === undefined ? undefined : checkTimeout(options.timeoutMs, kind),
      sourceReference: callerReference(this.cwd),
    };
    this.definitions.push({ kind: 'runHook', definition });
    // AfterAll hooks run in reverse definition order, like After hooks.
    if (kind === 'BeforeAll') this.beforeAllHooks.push(definition);
    else this.afterAllHooks.unshift(definition);
  }

  #addParameterType<T>(options: ParameterTypeOptions<T>): void {
    const sourceReference = callerReference(this.cwd);
    let parameterType: ParameterType<unknown>;
    try {
      const regexps = Array.isArray(options.regexp) ? options.regexp : [options.regexp as RegExp | string];
      parameterType = new ParameterType<unknown>(
        options.name,
        regexps,
        null,
        options.transformer ?? ((...groups: string[]) => groups[0]),
        options.useForSnippets ?? true,
        options.preferForRegexpMatch ?? false,
      );
      this.parameterTypes.defineParameterType(parameterType);
    } catch (error) {
      throw new StepDefinitionError(`parameter type {${options.name}}: ${messageOf(error)}`, { cause: error });
    }
    const definition: ParameterTypeDefinition = {
      id: `pt-${options.name}`,
      name: options.name,
      regularExpressions: [...parameterType.regexpStrings],
      useForSnippets: parameterType.useForSnippets ?? true,
      preferForRegularExpressionMatch: parameterType.preferForRegexpMatch ?? false,
      sourceReference,
    };
    this.definitions.push({ kind: 'parameterType', definition });
    this.#matcher = undefined;
  }
}

/** A fresh, empty registry. */
export function createStepRegistry(): StepRegistry {
  return new StepRegistry();
}

/** Compiles a tag expression once into a predicate over a pickle's tag names. */
export function compileTagFilter(expression: string): (tagNames: readonly string[]) => boolean {
  let node: ReturnType<typeof parseTagExpression>;
  try {
    node = parseTagExpression(expression);
  } catch (error) {
    throw new TagExpressionError(expression, { cause: error });
  }
  return (tagNames) => node.evaluate(tagNames as string[]);
}

function checkTimeout(ms: number, what: string): number {
  if (!Number.isFinite(ms) || ms <= 0)
    throw new StepDefinitionError(`${what}: timeout must be a positive number of ms, got ${ms}`);
  return ms;
}
