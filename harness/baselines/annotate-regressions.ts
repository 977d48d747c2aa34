import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FAILURE_CLASS_LABEL, groupAttempts, readResultFiles, type AllureResult } from '../classify/index.js';
import { writeFileAtomic } from '../../engines/common/index.js';
import type { RunJudgement, TestJudgement } from './judge-run.js';
import { renderVerdictHtml } from './render-verdict-html.js';

export const REGRESSION_ATTACHMENT_NAME = 'baseline comparison';
export const REGRESSION_TABLE_NAME = 'baseline comparison (table)';
/** One label per regressed metric: the report's category groups regressions by it. */
export const REGRESSED_METRIC_LABEL = 'regressedMetric';
const MESSAGE_PREFIX = 'performance regression:';

/**
 * Writes each judged test's verdicts into its final Allure result: a JSON and an HTML table attachment, and for a
 * regressed test the `failureClass=regression` label, one `regressedMetric` label per regressed metric and a line
 * in its status message. Idempotent: what an earlier annotation wrote (labels, attachments, message line) is
 * replaced, never appended, attachment files have fixed names, and a result whose content does not change is not
 * rewritten. The test's status is left as it was: a regression is a finding for QA, not a test failure. Returns
 * the keys of the regressed tests annotated.
 */
export async function annotateRegressions(resultsDirs: readonly string[], judgement: RunJudgement): Promise<string[]> {
  const byKey = new Map(judgement.tests.map((t) => [t.key, t]));
  const annotated: string[] = [];
  for (const { key, attempts } of groupAttempts(await readResultFiles(resultsDirs))) {
    const final = attempts[attempts.length - 1];
    if (final === undefined) continue;
    const test = byKey.get(key);
    const before = JSON.stringify(final.result);
    const result = structuredClone(final.result);
    const stale = removeAnnotation(result);
    const jsonSource = `${result.uuid}-baseline-comparison.json`;
    const htmlSource = `${result.uuid}-baseline-comparison.html`;
    if (test !== undefined) {
      await writeIfChanged(
        join(final.dir, jsonSource),
        `${JSON.stringify({ summary: judgement.summary, ...test }, null, 2)}\n`,
      );
      await writeIfChanged(join(final.dir, htmlSource), renderVerdictHtml(test, judgement.summary));
      (result.attachments ??= []).push(
        { name: REGRESSION_ATTACHMENT_NAME, source: jsonSource, type: 'application/json' },
        { name: REGRESSION_TABLE_NAME, source: htmlSource, type: 'text/html' },
      );
      for (const source of stale)
        if (source !== jsonSource && source !== htmlSource) await rm(join(final.dir, source), { force: true });
      if (test.regressed) {
        addAnnotation(result, test);
        annotated.push(key);
      }
    } else {
      for (const source of stale) await rm(join(final.dir, source), { force: true });
    }
    if (JSON.stringify(result) !== before) await writeFileAtomic(final.path, JSON.stringify(result));
  }
  return annotated;
}

/** Strips what an earlier annotation added; returns the attachment files it referenced. */
function removeAnnotation(result: AllureResult): string[] {
  const ours = (name: string): boolean => name === REGRESSION_ATTACHMENT_NAME || name === REGRESSION_TABLE_NAME;
  const stale = (result.attachments ?? []).filter((a) => ours(a.name)).map((a) => a.source);
  if (result.attachments !== undefined) result.attachments = result.attachments.filter((a) => !ours(a.name));
  if (result.labels !== undefined) {
    result.labels = result.labels.filter(
      (l) => !(l.name === FAILURE_CLASS_LABEL && l.value === 'regression') && l.name !== REGRESSED_METRIC_LABEL,
    );
  }
  const message = result.statusDetails?.message;
  if (message !== undefined && result.statusDetails !== undefined) {
    const kept = message
      .split('\n')
      .filter((line) => !line.startsWith(MESSAGE_PREFIX))
      .join('\n');
    if (kept === '') delete result.statusDetails.message;
    else result.statusDetails.message = kept;
  }
  return stale;
}

function addAnnotation(result: AllureResult, test: TestJudgement): void {
  const regressed = test.verdicts.filter((v) => v.status === 'regressed');
  const labels = (result.labels ??= []);
  labels.push({ name: FAILURE_CLASS_LABEL, value: 'regression' });
  for (const v of regressed) labels.push({ name: REGRESSED_METRIC_LABEL, value: v.metric });
  const line = `${MESSAGE_PREFIX} ${regressed.map((v) => v.reason.replace(/ — regressed$/, '')).join('; ')}`;
  const details = (result.statusDetails ??= {});
  details.message = details.message === undefined || details.message === '' ? line : `${details.message}\n${line}`;
}

async function writeIfChanged(path: string, content: string): Promise<void> {
  const existing = await readFile(path, 'utf8').catch(() => undefined);
  if (existing !== content) await writeFile(path, content);
}
