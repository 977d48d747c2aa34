import type { AllureResult } from './allure-result.js';
import type { FailureClass } from './test-outcome.js';

// Playwright's own test timeout, its action/expect timeouts, and p-timeout's TimeoutError as thrown by the
// harness wrappers. Matched on the message because allure-playwright reports all of them as "broken".
const TIMEOUT_PATTERN = /Test timeout of \d+ms exceeded|\bTimeout \d+ms exceeded|\bTimeoutError\b/;
// The harness budget check names its error class (BudgetExceededError) or says "budget exceeded".
const BUDGET_PATTERN = /\bBudget\w*Error\b|\bbudget exceeded\b/i;

/** Classifies one attempt's failure from its message and trace; undefined when it passed or we cannot tell. */
export function classifyAttemptFailure(result: AllureResult): FailureClass | undefined {
  if (result.status !== 'failed' && result.status !== 'broken') return undefined;
  const text = `${result.statusDetails?.message ?? ''}\n${firstLine(result.statusDetails?.trace)}`;
  if (TIMEOUT_PATTERN.test(text)) return 'timeout';
  if (BUDGET_PATTERN.test(text)) return 'budget';
  return undefined;
}

/** 0 for the first attempt; allure-playwright records later attempts with an excluded "Retry" parameter. */
export function retryIndexOf(result: AllureResult): number {
  const value = result.parameters?.find((p) => p.name === 'Retry')?.value;
  const index = value === undefined ? 0 : Number.parseInt(value, 10);
  return Number.isFinite(index) && index > 0 ? index : 0;
}

/** The key that identifies a test across attempts, shards and runs. */
export function testKeyOf(result: AllureResult): string {
  return result.historyId ?? result.testCaseId ?? result.fullName ?? result.name ?? result.uuid;
}

function firstLine(text: string | undefined): string {
  return text === undefined ? '' : (text.split('\n', 1)[0] ?? '');
}
