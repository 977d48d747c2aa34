import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Envelope } from '@cucumber/messages';

/** Scenario and step outcomes read back from an NDJSON message file (pickle steps only; hooks left out). */
export async function countNdjsonOutcomes(file: string): Promise<Record<string, number | string>> {
  const pickleSteps = new Set<string>();
  const worst = new Map<string, string>();
  const statuses = new Map<string, number>();
  let scenarios = 0;
  let passed = 0;
  let failed = 0;
  let steps = 0;
  let success = 'unknown';
  for await (const line of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
    if (line === '') continue;
    const envelope = JSON.parse(line) as Envelope;
    if (envelope.testCase !== undefined) {
      for (const step of envelope.testCase.testSteps) if (step.pickleStepId !== undefined) pickleSteps.add(step.id);
    } else if (envelope.testStepFinished !== undefined) {
      const { testStepId, testCaseStartedId, testStepResult } = envelope.testStepFinished;
      if (!pickleSteps.has(testStepId)) continue;
      steps++;
      statuses.set(testStepResult.status, (statuses.get(testStepResult.status) ?? 0) + 1);
      if (testStepResult.status !== 'PASSED' && testStepResult.status !== 'SKIPPED')
        worst.set(testCaseStartedId, testStepResult.status);
    } else if (envelope.testCaseFinished !== undefined && !envelope.testCaseFinished.willBeRetried) {
      scenarios++;
      const status = worst.get(envelope.testCaseFinished.testCaseStartedId);
      if (status === undefined) passed++;
      else if (status === 'FAILED') failed++;
    } else if (envelope.testRunFinished !== undefined) success = String(envelope.testRunFinished.success);
  }
  return {
    scenarios,
    steps,
    scenariosPassed: passed,
    scenariosFailed: failed,
    stepsPassed: statuses.get('PASSED') ?? 0,
    stepsFailed: statuses.get('FAILED') ?? 0,
    stepsSkipped: statuses.get('SKIPPED') ?? 0,
    success,
  };
}
