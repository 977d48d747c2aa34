import { test, type StressSeverity } from '../../harness/index.js';

/** Tags of every chaos spec: `--grep @chaos` runs them alone. */
export const TAGS = ['@chaos', '@e2e'];

/** One describe block per chaos spec: Playwright sets `stressMeta` per block, and the CHAOS id is not an E2E-1xx. */
export function describeChaos(id: string, feature: string, severity: StressSeverity, body: () => void): void {
  test.describe(feature, () => {
    test.use({ stressMeta: { category: 'Reliability', feature: `Chaos: ${feature}`, severity, id } });
    body();
  });
}
