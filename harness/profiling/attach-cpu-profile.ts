import type { TestInfo } from '@playwright/test';
import { renderFlameGraphSvg } from './flame-graph-svg.js';
import type { CpuProfileResult } from './start-cpu-profile.js';
import { formatCpuProfileSummary, summarizeCpuProfile, type CpuProfileSummary } from './summarize-cpu-profile.js';

export interface AttachCpuProfileOptions {
  /** Functions listed in the summary. Default 25. */
  readonly topN?: number;
  /** Attachment name prefix. Default `cpu-profile`. */
  readonly name?: string;
}

/**
 * Attaches a recorded profile to the running test: the raw `.cpuprofile` (open it in Chrome DevTools or VS Code),
 * a text summary of the top functions by self time, and a flame-graph SVG. Returns the summary.
 */
export async function attachCpuProfile(
  testInfo: TestInfo,
  result: CpuProfileResult,
  options: AttachCpuProfileOptions = {},
): Promise<CpuProfileSummary> {
  const name = options.name ?? 'cpu-profile';
  const summary = summarizeCpuProfile(result.profile, options.topN ?? 25);
  await testInfo.attach(`${name}.cpuprofile`, {
    body: JSON.stringify(result.profile),
    contentType: 'application/json',
  });
  await testInfo.attach(`${name}-summary.txt`, { body: formatCpuProfileSummary(summary), contentType: 'text/plain' });
  await testInfo.attach(`${name}-flame.svg`, {
    body: renderFlameGraphSvg(result.profile, { title: `CPU flame graph: ${testInfo.title}` }),
    contentType: 'image/svg+xml',
  });
  return summary;
}
