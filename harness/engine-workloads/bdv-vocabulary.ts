import {
  DataTable,
  World,
  createStepRegistry,
  type HookScenario,
  type StepRegistry,
  type WorldOptions,
} from '../../engines/bdv/index.js';
import {
  STEP_VOCABULARY,
  createVocabularyWorld,
  type StepArgument,
  type VocabularyWorld,
} from '../generators/index.js';

/** The BDV world for generated feature suites: a fresh vocabulary state per scenario. */
export class VocabularyBdvWorld extends World {
  readonly state: VocabularyWorld = createVocabularyWorld();
  constructor(options: WorldOptions) {
    super(options);
  }
}

export interface VocabularyStepsOptions {
  /** Registry to fill; default a fresh one. */
  readonly registry?: StepRegistry;
  /** Runs after every scenario (an After hook), e.g. to publish its outcome to a shared store. */
  readonly afterScenario?: (world: VocabularyBdvWorld, scenario: HookScenario) => void | Promise<void>;
}

/** A registry holding the vocabulary, plus how often its steps were really called. */
export interface VocabularySteps {
  readonly registry: StepRegistry;
  /** Step function calls so far (a runner that reports steps without calling them leaves this at 0). */
  invocations(): number;
  /** Calls per vocabulary step id. */
  invocationsByStep(): Readonly<Record<string, number>>;
}

/**
 * Registers the loads' step vocabulary (harness/generators STEP_VOCABULARY) as BDV step definitions, so generated
 * feature suites run their reference logic on the real BDV engine. Data tables reach the vocabulary as raw rows,
 * doc strings as text, as in cucumber-js.
 */
export function registerVocabularySteps(options: VocabularyStepsOptions = {}): VocabularySteps {
  const registry = options.registry ?? createStepRegistry();
  const counts = new Map<string, number>();
  let total = 0;
  registry.api.setWorldConstructor(VocabularyBdvWorld);
  for (const step of STEP_VOCABULARY) {
    const define = registry.api[step.keyword];
    define(step.pattern, function (this: VocabularyBdvWorld, ...args: unknown[]) {
      total += 1;
      counts.set(step.id, (counts.get(step.id) ?? 0) + 1);
      step.run(this.state, args.map(toStepArgument));
    });
  }
  const afterScenario = options.afterScenario;
  if (afterScenario !== undefined) {
    registry.api.After(function (this: VocabularyBdvWorld, scenario: HookScenario) {
      return afterScenario(this, scenario);
    });
  }
  return {
    registry,
    invocations: () => total,
    invocationsByStep: () => Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b))),
  };
}

function toStepArgument(value: unknown): StepArgument {
  if (value instanceof DataTable) return value.raw();
  if (typeof value === 'number' || typeof value === 'string') return value;
  throw new TypeError(`unexpected step argument ${String(value)}`);
}
