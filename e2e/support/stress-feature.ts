import { test } from '../../harness/index.js';
import type { StressCategory, StressSeverity } from '../../harness/index.js';

/**
 * One describe block per feature, filed in the report under its category (Allure epic) and feature. Playwright
 * only allows `test.use` per block, so each feature gets its own.
 */
export function describeFeature(
  category: StressCategory,
  feature: string,
  severity: StressSeverity,
  body: () => void,
): void {
  test.describe(feature, () => {
    test.use({ stressMeta: { category, feature, severity } });
    body();
  });
}
