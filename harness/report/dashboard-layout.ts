/**
 * The Allure 3 dashboard's widgets (its `layout` option), chosen for what this suite's results carry. Allure's
 * default layout also has widgets keyed on labels our tests never set (story, layer: "Stability distribution
 * by stories", "Durations by layer", "Testing pyramid") or on several environments ("Problems distribution by
 * environment", "Coverage diff map"): they always said "No results", so they are left out. Plain data in the
 * charts-api's shape, so the Allure config can embed it.
 */
export const dashboardLayout = [
  { type: 'currentStatus', title: 'Current status' },
  { type: 'statusDynamics', title: 'Status dynamics' },
  { type: 'statusTransitions', title: 'Status transitions' },
  {
    type: 'testResultSeverities',
    title: 'Test results by severity',
    levels: ['blocker', 'critical', 'normal', 'minor', 'trivial'],
    statuses: ['passed', 'failed', 'broken', 'skipped', 'unknown'],
    includeUnset: false,
  },
  {
    type: 'stabilityDistribution',
    title: 'Stability by category (epic)',
    skipStatuses: ['skipped', 'unknown'],
    threshold: 90,
    groupBy: 'epic',
  },
  {
    type: 'stabilityDistribution',
    title: 'Stability by feature',
    skipStatuses: ['skipped', 'unknown'],
    threshold: 90,
    groupBy: 'feature',
  },
  { type: 'successRateDistribution', title: 'Success rate distribution' },
  { type: 'durations', title: 'Durations histogram', groupBy: 'none' },
  { type: 'durationDynamics', title: 'Durations dynamics' },
  { type: 'testBaseGrowthDynamics', title: 'Test base growth dynamics' },
  { type: 'statusAgePyramid', title: 'Status age pyramid' },
] as const;
