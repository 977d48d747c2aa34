import { World, type StepsApi, type WorldOptions } from '../../engines/bdv/index.js';
import { STEP_VOCABULARY, createVocabularyWorld } from '../../harness/generators/index.js';
import { toVocabularyArgument } from './bdv-task.js';

class VocabularyWorld extends World {
  readonly state = createVocabularyWorld();
  constructor(options: WorldOptions) {
    super(options);
  }
}

/** The bench vocabulary as a steps module, for `maestro bdv --steps` (the same definitions as bdv-ours.ts). */
export default function steps(api: StepsApi): void {
  api.setWorldConstructor(VocabularyWorld);
  for (const step of STEP_VOCABULARY) {
    api[step.keyword](step.pattern, function (this: VocabularyWorld, ...args: unknown[]) {
      step.run(this.state, args.map(toVocabularyArgument));
    });
  }
}
