import { createStepRegistry, loadFeatures, runPickles, World, type WorldOptions } from '../../engines/bdv/index.js';
import { STEP_VOCABULARY, createVocabularyWorld } from '../../harness/generators/index.js';
import { runContender, startWorkTimer } from '../core/child-protocol.js';
import { toVocabularyArgument, type BdvTask } from './bdv-task.js';

class VocabularyWorld extends World {
  readonly state = createVocabularyWorld();
  constructor(options: WorldOptions) {
    super(options);
  }
}

/** Contender: our BDV engine in one thread (its default), the vocabulary registered as step definitions, messages on. */
await runContender<BdvTask>(async (task) => {
  const timer = startWorkTimer();
  const registry = createStepRegistry();
  registry.api.setWorldConstructor(VocabularyWorld);
  for (const step of STEP_VOCABULARY) {
    registry.api[step.keyword](step.pattern, function (this: VocabularyWorld, ...args: unknown[]) {
      step.run(this.state, args.map(toVocabularyArgument));
    });
  }
  const features = await loadFeatures([task.featuresDir]);
  // Messages on, as cucumber-js always produces them: every envelope is built and handed to a sink.
  let envelopes = 0;
  const report = await runPickles(features, { registry, onMessage: () => void envelopes++ });
  const { ms, cpuMs } = timer.stop();
  const steps = report.counts.steps;
  return {
    ms,
    cpuMs,
    items: report.scenarios.length,
    outcome: {
      scenarios: report.scenarios.length,
      steps: Object.values(steps).reduce((sum, n) => sum + n, 0),
      scenariosPassed: report.counts.scenarios.passed,
      scenariosFailed: report.counts.scenarios.failed,
      stepsPassed: steps.passed,
      stepsFailed: steps.failed,
      stepsSkipped: steps.skipped,
      parseErrors: report.parseErrors.length,
      envelopes,
    },
  };
});
