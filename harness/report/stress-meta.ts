/** The report's epics: every stress test belongs to exactly one. */
export const STRESS_CATEGORIES = ['High Load', 'Concurrency', 'Resource Limits', 'Scalability', 'Reliability'] as const;
export type StressCategory = (typeof STRESS_CATEGORIES)[number];

export type StressSeverity = 'blocker' | 'critical' | 'normal' | 'minor' | 'trivial';

/** How a stress test is filed in the report. Declared per describe block with `test.use({ stressMeta })`. */
export interface StressMeta {
  readonly category?: StressCategory;
  readonly feature?: string;
  readonly severity?: StressSeverity;
  /** Overrides the E2E-1xx id parsed from the title. */
  readonly id?: string;
}

const TEST_ID = /\bE2E-\d{3}\b/;

/** The stable E2E-1xx id in a test title ("E2E-108: CPU optimisation" → "E2E-108"), if any. */
export function parseTestId(title: string): string | undefined {
  return TEST_ID.exec(title)?.[0];
}
