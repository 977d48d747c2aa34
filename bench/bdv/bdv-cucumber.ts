import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { loadConfiguration, runCucumber } from '@cucumber/cucumber/api';
import type { Envelope } from '@cucumber/messages';
import { runContender, startWorkTimer } from '../core/child-protocol.js';
import type { BdvTask } from './bdv-task.js';
// The support file's own imports, loaded before the clock starts as ours are: cucumber's timed import of the
// support file then costs only that file, not fast-check and the loads behind it.
import '../../harness/generators/index.js';
import './bdv-task.js';

const SUPPORT_FILE = fileURLToPath(new URL('./cucumber-steps.ts', import.meta.url));

/** Counts scenario and step outcomes from cucumber-js's message stream (pickle steps only, no hooks). */
class OutcomeCounter {
  private readonly pickleSteps = new Set<string>();
  private readonly worst = new Map<string, string>();
  scenarios = 0;
  scenariosPassed = 0;
  scenariosFailed = 0;
  steps = 0;
  readonly stepStatuses = new Map<string, number>();

  onMessage(envelope: Envelope): void {
    if (envelope.testCase !== undefined) {
      for (const step of envelope.testCase.testSteps)
        if (step.pickleStepId !== undefined) this.pickleSteps.add(step.id);
    } else if (envelope.testStepFinished !== undefined) {
      const { testStepId, testCaseStartedId, testStepResult } = envelope.testStepFinished;
      if (!this.pickleSteps.has(testStepId)) return;
      this.steps++;
      this.stepStatuses.set(testStepResult.status, (this.stepStatuses.get(testStepResult.status) ?? 0) + 1);
      if (testStepResult.status !== 'PASSED' && testStepResult.status !== 'SKIPPED')
        this.worst.set(testCaseStartedId, testStepResult.status);
    } else if (envelope.testCaseFinished !== undefined && !envelope.testCaseFinished.willBeRetried) {
      this.scenarios++;
      const status = this.worst.get(envelope.testCaseFinished.testCaseStartedId);
      if (status === undefined) this.scenariosPassed++;
      else if (status === 'FAILED') this.scenariosFailed++;
    }
  }
}

/** Contender: cucumber-js 12 through its programmatic API (serial, its default), formatter output discarded. */
await runContender<BdvTask>(async (task) => {
  const counter = new OutcomeCounter();
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const environment = { cwd: process.cwd(), stdout: sink, stderr: sink };
  const timer = startWorkTimer();
  const { runConfiguration } = await loadConfiguration(
    { file: false, provided: { paths: [`${task.featuresDir}/**/*.feature`], import: [SUPPORT_FILE], format: [] } },
    environment,
  );
  const result = await runCucumber(runConfiguration, environment, (envelope) => counter.onMessage(envelope));
  const { ms, cpuMs } = timer.stop();
  return {
    ms,
    cpuMs,
    items: counter.scenarios,
    outcome: {
      scenarios: counter.scenarios,
      steps: counter.steps,
      scenariosPassed: counter.scenariosPassed,
      scenariosFailed: counter.scenariosFailed,
      stepsPassed: counter.stepStatuses.get('PASSED') ?? 0,
      stepsFailed: counter.stepStatuses.get('FAILED') ?? 0,
      stepsSkipped: counter.stepStatuses.get('SKIPPED') ?? 0,
      success: String(result.success),
    },
  };
});
