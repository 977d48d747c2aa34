import * as allure from 'allure-js-commons';
import { getGlobalTestRuntimeWithAutoconfig, type BaseMessageTestRuntime } from 'allure-js-commons/sdk/runtime';
import { parseTestId, type StressMeta } from './stress-meta.js';

/** The tags every stress test carries in the report. */
export const STRESS_TAGS = ['@e2e', '@performance'] as const;

/**
 * Files the running test in the Allure report: epic = category, feature, severity, the @e2e/@performance
 * tags, and the E2E-1xx id as Allure id *and* history/test-case id, so its history follows it across renames.
 * Must run inside a Playwright test (or a test-scoped fixture): allure-js-commons reports through test.info().
 *
 * Everything goes in ONE metadata message: allure-playwright turns each message into an "Allure Metadata"
 * attachment of the Playwright report, and one call per label left seven of them on every test.
 */
export async function applyAllureLabels(title: string, meta: StressMeta): Promise<string | undefined> {
  const id = meta.id ?? parseTestId(title);
  const labels = [
    ...(meta.category !== undefined ? [{ name: 'epic', value: meta.category }] : []),
    ...(meta.feature !== undefined ? [{ name: 'feature', value: meta.feature }] : []),
    { name: 'severity', value: meta.severity ?? 'normal' },
    ...STRESS_TAGS.map((tag) => ({ name: 'tag', value: tag })),
    ...(id !== undefined ? [{ name: 'ALLURE_ID', value: id }] : []),
  ];
  const runtime = (await getGlobalTestRuntimeWithAutoconfig()) as Partial<Pick<BaseMessageTestRuntime, 'sendMessage'>>;
  if (typeof runtime.sendMessage === 'function') {
    await runtime.sendMessage({
      type: 'metadata',
      data: { labels, ...(id !== undefined ? { historyId: id, testCaseId: id } : {}) },
    });
    return id;
  }
  // A runtime without messages (none configured): the facade's calls, which are no-ops there anyway.
  await allure.labels(...labels);
  if (id !== undefined) {
    await allure.historyId(id);
    await allure.testCaseId(id);
  }
  return id;
}
