import { QUARANTINE_CATEGORY } from '../quarantine/index.js';
import { FAILURE_CLASS_LABEL } from './annotate-result.js';

/**
 * Allure 3 category rules (the `categories` option of allurerc), plain data so a JSON or JS config can embed
 * them. The first matching rule wins, so the specific classes come before Allure's default product/test error
 * buckets (which Allure appends after these). Timeouts are matched on our label and, as a fallback when
 * classification did not run, on Playwright's message.
 */
export const reportCategories = [
  // First: a quarantined test's failure belongs here, not among the failures that count (harness/quarantine).
  QUARANTINE_CATEGORY,
  {
    id: 'maestro-timeouts',
    name: 'Timeouts',
    matchers: [
      { labels: { [FAILURE_CLASS_LABEL]: '^timeout$' } },
      { statuses: ['broken', 'failed'], message: 'Test timeout of \\d+ms exceeded' },
    ],
    expand: true,
  },
  {
    id: 'maestro-budget-failures',
    name: 'Budget failures',
    matchers: [{ labels: { [FAILURE_CLASS_LABEL]: '^budget$' } }],
    expand: true,
  },
  // One group per regressed metric (cpuMs, rssGrowthMb, heapGrowthMb), from the label the detector sets per
  // regressed metric (harness/baselines), not one group per message or ratio.
  {
    id: 'maestro-regressions',
    name: 'Performance regressions',
    matchers: [{ labels: { [FAILURE_CLASS_LABEL]: '^regression$' } }],
    groupBy: [{ label: 'regressedMetric' }],
    groupByMessage: false,
    expand: true,
  },
  { id: 'maestro-flaky', name: 'Flaky (passed on retry)', matchers: [{ flaky: true }], expand: true },
] as const;
