import * as allure from 'allure-js-commons';
import { parseTestId, type StressMeta } from './stress-meta.js';

/** The tags every stress test carries in the report. */
export const STRESS_TAGS = ['@e2e', '@performance'] as const;

/**
 * Files the running test in the Allure report: epic = category, feature, severity, the @e2e/@performance
 * tags, and the E2E-1xx id as Allure id *and* history/test-case id, so its history follows it across renames.
 * Must run inside a Playwright test (or a test-scoped fixture): allure-js-commons reports through test.info().
 */
export async function applyAllureLabels(title: string, meta: StressMeta): Promise<string | undefined> {
  const id = meta.id ?? parseTestId(title);
  if (meta.category !== undefined) await allure.epic(meta.category);
  if (meta.feature !== undefined) await allure.feature(meta.feature);
  await allure.severity(meta.severity ?? 'normal');
  await allure.tags(...STRESS_TAGS);
  if (id !== undefined) {
    await allure.allureId(id);
    await allure.historyId(id);
    await allure.testCaseId(id);
  }
  return id;
}
