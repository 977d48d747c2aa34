import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  FAILURE_CLASS_LABEL,
  addLabelOnce,
  groupAttempts,
  readResultFiles,
} from '../classify/index.js';
import { writeFileAtomic } from '../../engines/common/index.js';
import type { TestComparison } from './compare-run.js';

export const REGRESSION_ATTACHMENT_NAME = 'baseline comparison';

/**
 * Attaches each regressed test's comparison (JSON) to its final Allure result and labels it
 * `failureClass=regression`, which puts it in the report's "Performance regressions" category. The test's
 * status is left as it was: a regression is a finding for QA, not a test failure. Returns the keys annotated.
 */
export async function annotateRegressions(resultsDirs: readonly string[], comparisons: readonly TestComparison[]): Promise<string[]> {
  const regressed = new Map(comparisons.filter((c) => c.regressed).map((c) => [c.key, c]));
  const annotated: string[] = [];
  for (const { key, attempts } of groupAttempts(await readResultFiles(resultsDirs))) {
    const comparison = regressed.get(key);
    const final = attempts[attempts.length - 1];
    if (comparison === undefined || final === undefined) continue;
    const result = final.result;
    addLabelOnce(result, { name: FAILURE_CLASS_LABEL, value: 'regression' });
    const attachments = (result.attachments ??= []);
    if (!attachments.some((a) => a.name === REGRESSION_ATTACHMENT_NAME)) {
      const source = `${randomUUID()}-attachment.json`;
      await writeFile(join(final.dir, source), JSON.stringify(comparison, null, 2));
      attachments.push({ name: REGRESSION_ATTACHMENT_NAME, source, type: 'application/json' });
    }
    const regressedMetrics = comparison.metrics.filter((m) => m.verdict === 'regression');
    result.statusDetails = {
      ...result.statusDetails,
      message: [
        result.statusDetails?.message,
        `performance regression: ${regressedMetrics.map((m) => `${m.metric} ${m.ratio === undefined ? '' : `${m.ratio.toFixed(2)}× `}the baseline median`).join(', ')}`,
      ]
        .filter((s) => s !== undefined && s !== '')
        .join('\n'),
    };
    await writeFileAtomic(final.path, JSON.stringify(result));
    annotated.push(key);
  }
  return annotated;
}
