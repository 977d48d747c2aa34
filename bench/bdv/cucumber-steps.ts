import { Given, Then, When, World, setWorldConstructor, type IWorldOptions } from '@cucumber/cucumber';
import { STEP_VOCABULARY, createVocabularyWorld } from '../../harness/generators/index.js';
import { toVocabularyArgument } from './bdv-task.js';

/**
 * cucumber-js support file: the same vocabulary and the same reference logic as our BDV contender, registered
 * through cucumber-js's own Given/When/Then.
 */
class VocabularyWorld extends World {
  readonly state = createVocabularyWorld();
  constructor(options: IWorldOptions) {
    super(options);
  }
}

setWorldConstructor(VocabularyWorld);

type Body = (world: VocabularyWorld, args: unknown[]) => void;
type StepFn = (this: VocabularyWorld, ...args: unknown[]) => void;

/**
 * cucumber-js checks a step function's declared arity against its expression (and treats one more parameter as
 * a completion callback), so a rest-parameter wrapper is rejected: one wrapper per arity the vocabulary uses.
 */
function withArity(arity: number, body: Body): StepFn {
  switch (arity) {
    case 0:
      return function (this: VocabularyWorld) {
        body(this, []);
      };
    case 1:
      return function (this: VocabularyWorld, a: unknown) {
        body(this, [a]);
      };
    case 2:
      return function (this: VocabularyWorld, a: unknown, b: unknown) {
        body(this, [a, b]);
      };
    case 3:
      return function (this: VocabularyWorld, a: unknown, b: unknown, c: unknown) {
        body(this, [a, b, c]);
      };
    default:
      throw new RangeError(`no wrapper for ${arity} step arguments`);
  }
}

const define = { Given, When, Then } as const;
for (const step of STEP_VOCABULARY) {
  const arity = (step.pattern.match(/\{/g)?.length ?? 0) + (step.attachment === 'none' ? 0 : 1);
  define[step.keyword](
    step.pattern,
    withArity(arity, (world, args) => step.run(world.state, args.map(toVocabularyArgument))),
  );
}
