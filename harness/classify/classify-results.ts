import type { ResultFile } from './allure-result.js';
import { FAILURE_CLASS_LABEL, addLabelOnce, addLinkOnce, trendsAnchorOf } from './annotate-result.js';
import { classifyAttemptFailure } from './classify-attempt.js';
import { readResultFiles } from './read-results.js';
import { writeRunCounters } from './run-counters.js';
import {
  applyShard,
  dedupeTags,
  describeFlakyPass,
  markTimedOut,
  shardOfResultsDir,
  tidyTitlePath,
} from './normalize-result.js';
import { groupAttempts, summarizeRun } from './summarize-attempts.js';
import type { ClassificationSummary } from './test-outcome.js';
import { writeFileAtomic } from '../../engines/common/index.js';
import { applyQuarantineMark, readQuarantineMarks, type QuarantineMarkIndex } from '../quarantine/index.js';

export interface ClassifyOptions {
  /**
   * Absolute http(s) URL of the published trends view (e.g. `https://org.github.io/repo/trends/index.html`);
   * each test gets a link to its own row. Allure 3 renders only absolute http(s) links, so leave it out for
   * local reports (the trends page is then reached through the report's global attachments).
   */
  trendsHref?: string;
  /** Folder for the run counters `*-perf.json`; defaults to the first results folder. `false` writes none. */
  countersDir?: string | false;
  /** Clock for the counters' timestamps when results carry none. */
  now?: () => number;
}

/**
 * Post-processes Allure results in place: flags fail-then-pass tests as flaky (`statusDetails.flaky`, which
 * allure-playwright never sets, plus a "Flaky: …" message that Allure's history keeps), labels timeouts and
 * budget failures for their categories (a timed-out attempt is "failed", as in Playwright's report), puts the
 * shard on each result (label and Timeline lane), tidies the titlePath label and duplicate tags, links each
 * test to the trends view and writes the run counters. Each changed file is rewritten atomically; running it twice
 * changes nothing more.
 */
export async function classifyResults(
  resultsDirs: readonly string[],
  options: ClassifyOptions = {},
): Promise<ClassificationSummary> {
  if (options.trendsHref !== undefined && !/^https?:\/\//.test(options.trendsHref)) {
    throw new RangeError(
      `trendsHref must be an absolute http(s) URL (Allure 3 drops other links), got "${options.trendsHref}"`,
    );
  }
  const files = await readResultFiles(resultsDirs);
  const groups = groupAttempts(files);
  const summary = summarizeRun(groups);
  const flakyKeys = new Set(summary.tests.filter((t) => t.outcome === 'flaky').map((t) => t.key));
  // Tests the run marked quarantined (harness/quarantine) get its label, for the report's "Quarantined" category.
  const quarantine = await readQuarantineMarks(resultsDirs);
  for (const group of groups) {
    const flaky = flakyKeys.has(group.key);
    const final = group.attempts[group.attempts.length - 1];
    for (const file of group.attempts) {
      await annotateFile(
        file,
        { flaky, final: file === final ? group.attempts : undefined },
        group.key,
        options.trendsHref,
        quarantine,
      );
    }
  }
  const countersDir = options.countersDir ?? resultsDirs[0];
  if (countersDir !== false && countersDir !== undefined) {
    await writeRunCounters(countersDir, summary, (options.now ?? Date.now)());
  }
  return summary;
}

interface AttemptRole {
  flaky: boolean;
  /** Every attempt of the test, given for its final attempt only. */
  final: readonly ResultFile[] | undefined;
}

async function annotateFile(
  file: ResultFile,
  role: AttemptRole,
  key: string,
  trendsHref: string | undefined,
  quarantine: QuarantineMarkIndex,
): Promise<void> {
  const before = JSON.stringify(file.result);
  const result = file.result;
  if (role.flaky) result.statusDetails = { ...result.statusDetails, flaky: true };
  if (role.flaky && role.final !== undefined) describeFlakyPass(file, role.final);
  const failureClass = classifyAttemptFailure(result);
  if (failureClass !== undefined) addLabelOnce(result, { name: FAILURE_CLASS_LABEL, value: failureClass });
  if (failureClass === 'timeout') markTimedOut(result);
  applyShard(result, shardOfResultsDir(file.dir));
  tidyTitlePath(result);
  dedupeTags(result);
  applyQuarantineMark(result, quarantine);
  if (trendsHref !== undefined) {
    addLinkOnce(result, { name: 'Trends over recent runs', url: `${trendsHref}#${trendsAnchorOf(key)}`, type: 'link' });
  }
  const after = JSON.stringify(result);
  if (after !== before) await writeFileAtomic(file.path, after);
}
