import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FullConfig, TestInfo } from '@playwright/test';
import type { BudgetRow, TestMetrics } from '../metrics/index.js';
import type { MonitorSample } from '../monitor/index.js';
import { toAllurePerfMetrics, writePerfMetricsFile } from './allure-perf-metrics.js';
import { renderBudgetTableHtml } from './budget-table.js';
import { renderTimelineSvg } from './timeline-svg.js';

/** Where allure-playwright writes for this run, read from the configured reporters; undefined if it is not configured. */
export function findAllureResultsDir(config: Pick<FullConfig, 'reporter'>): string | undefined {
  for (const [name, options] of config.reporter) {
    if (!name.includes('allure-playwright')) continue;
    const dir = (options as { resultsDir?: unknown } | undefined)?.resultsDir;
    // allure-playwright's own default, resolved against the working directory as it does.
    return resolve(typeof dir === 'string' ? dir : 'allure-results');
  }
  return undefined;
}

export interface PerfEvidence {
  readonly metrics: TestMetrics;
  readonly budgets: readonly BudgetRow[];
  readonly timeline: readonly MonitorSample[];
  /** Epoch ms of the monitored window, for the Allure metric samples. */
  readonly window: { readonly start: number; readonly stop: number };
}

/** Names of the attachments, so specs and self-tests can find them. */
export const PERF_ATTACHMENTS = {
  metrics: 'metrics.json',
  timeline: 'timeline.svg',
  budgets: 'budgets.html',
} as const;

/**
 * Attaches the test's performance evidence (metrics.json, the timeline SVG, the budget table) through
 * `testInfo.attach` with explicit content types, so Allure and Playwright's own reports both show it,
 * and drops the headline figures as an Allure `*-perf.json` next to allure-playwright's results.
 */
export async function attachPerfEvidence(testInfo: TestInfo, evidence: PerfEvidence): Promise<void> {
  const { metrics } = evidence;
  await testInfo.attach(PERF_ATTACHMENTS.metrics, {
    body: JSON.stringify({ ...metrics, budgets: evidence.budgets }, null, 2),
    contentType: 'application/json',
  });
  await testInfo.attach(PERF_ATTACHMENTS.timeline, {
    body: renderTimelineSvg(evidence.timeline, { title: `${metrics.id ?? metrics.title} — resource timeline` }),
    contentType: 'image/svg+xml',
  });
  // By path, not body: Playwright's console reporters print a failed test's text/* attachment bodies, which
  // put the table's HTML source in the terminal; a path is printed as one line (the failed rows are in the error).
  const budgetsPath = testInfo.outputPath(`${PERF_ATTACHMENTS.budgets.replace('.html', '')}-r${testInfo.retry}.html`);
  await writeFile(budgetsPath, renderBudgetTableHtml(evidence.budgets, `${metrics.id ?? metrics.title} budgets`));
  await testInfo.attach(PERF_ATTACHMENTS.budgets, { path: budgetsPath, contentType: 'text/html' });
  const resultsDir = findAllureResultsDir(testInfo.config);
  if (resultsDir !== undefined) {
    const name = `${testInfo.testId}-r${testInfo.retry}-w${testInfo.parallelIndex}`;
    await writePerfMetricsFile(resultsDir, name, toAllurePerfMetrics(metrics, evidence.window));
  }
}
