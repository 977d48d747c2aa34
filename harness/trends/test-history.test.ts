import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderTestHistoryHtml, trendsRunAnchorOf } from './render-test-history.js';
import { renderTrendsHtml } from './render-trends-html.js';
import type { RunRecord } from './run-record.js';
import { summarizeTrends } from './summarize-trends.js';
import { fixedRecords, FIXED } from './testing/fixed-runs.js';
import { writeTestHistoryViews } from './write-test-history.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'test-history-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The three fixed records plus an old-format one (no context, seeds, measured work or verdicts). */
function runs(): RunRecord[] {
  const old: RunRecord = {
    runId: 'old-run',
    timestamp: 1,
    counters: { tests: 1, passed: 1, failed: 0, flaky: 0, retried: 0, timedOut: 0, skipped: 0 },
    tests: [
      {
        key: FIXED.steady.key,
        name: FIXED.steady.name,
        fullName: `x › ${FIXED.steady.name}`,
        outcome: 'passed',
        attempts: 1,
        timedOutAttempts: 0,
        durationMs: 300,
      },
    ],
  };
  return [old, ...fixedRecords()];
}

function decodedCharts(html: string): string[] {
  return [...html.matchAll(/src="data:image\/svg\+xml;base64,([^"]+)"/g)].map((m) =>
    Buffer.from(m[1] ?? '', 'base64').toString('utf8'),
  );
}

describe("a test's history view", () => {
  it('marks flaky and timed-out runs, with the first error on hover and each run linked to its trends row', () => {
    const html = renderTestHistoryHtml(FIXED.hang.key, runs());
    const cells = [...html.matchAll(/<a class="cell c-(\w+)( had-timeout)?"[^>]*href="([^"]*)" title="([^"]*)">/g)];
    expect(cells.map((c) => c[1])).toEqual(['absent', 'timedOut', 'timedOut', 'flaky']);
    expect(cells.map((c) => c[2] !== undefined)).toEqual([false, true, true, true]);
    expect(cells[3]?.[4]).toContain('first error: Test timeout of 1000ms exceeded.');
    expect(cells[1]?.[3]).toBe(`../trends/index.html#${trendsRunAnchorOf('fixed-run-1')}`);
    expect(html).toContain(`href="../trends/index.html#t-${FIXED.hang.key}"`);
  });

  it('draws the baseline band and the regression marker on the run that regressed, and says so in text', () => {
    const html = renderTestHistoryHtml(FIXED.steady.key, runs());
    const [time, rss] = decodedCharts(html);
    expect(time?.match(/class="regression" data-run="(\d)"/g)).toEqual(['class="regression" data-run="3"']); // run 2 of the fixed ones, after the old run
    expect(time?.match(/class="band"/g)?.length).toBe(3); // CPU bands of fixed runs 2 and 3, the wall band of run 2
    expect(rss).toContain('peak RSS growth');
    expect(html).toContain('▲ regression in run 3 (cpuMs)');
    expect(html).toMatch(/<tr class="run-row" data-run="3">.*cpuMs regressed \+46% \(p 0\.004\)/);
    expect(html).toMatch(/<tr class="run-row" data-run="2">.*insufficient history \(0 of 3 accepted runs\)/);
  });

  it('leaves out what older records lack instead of showing zeros', () => {
    const html = renderTestHistoryHtml(FIXED.steady.key, runs().slice(0, 1));
    expect(html).toContain('Duration of the final attempt per run');
    expect(html).not.toContain('RSS');
    expect(html).toMatch(
      /<tr class="run-row" data-run="1"><td>.*<\/td><td><\/td><td><\/td><td class="outcome">passed<\/td><td class="num">300<\/td><td class="verdicts"><\/td><\/tr>/,
    );
  });

  it('escapes titles and errors: no markup from run data reaches the page', () => {
    const evil = runs();
    const last = evil[evil.length - 1];
    if (last?.tests[2] !== undefined) last.tests[2].firstError = '<img src=x onerror=alert(1)>"';
    const html = renderTestHistoryHtml(FIXED.hang.key, evil);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;');
  });
});

describe('writeTestHistoryViews', () => {
  it("puts the section in each attempt's descriptionHtml once, keeping the test's own description", async () => {
    const dir = join(root, 'local');
    await mkdir(dir, { recursive: true });
    const base = {
      name: FIXED.hang.name,
      fullName: `x › ${FIXED.hang.name}`,
      historyId: FIXED.hang.key,
      status: 'failed',
      labels: [],
    };
    await writeFile(
      join(dir, 'a-result.json'),
      JSON.stringify({ ...base, uuid: 'a', description: 'Hangs *on purpose*.' }),
    );
    await writeFile(
      join(dir, 'b-result.json'),
      JSON.stringify({ ...base, uuid: 'b', parameters: [{ name: 'Retry', value: '1', excluded: true }] }),
    );
    expect(await writeTestHistoryViews([dir], runs())).toBe(2);
    const first = JSON.parse(await readFile(join(dir, 'a-result.json'), 'utf8')) as { descriptionHtml: string };
    expect(first.descriptionHtml).toContain('History over the last 4 run(s)');
    expect(first.descriptionHtml).toContain('<pre class="description">Hangs *on purpose*.</pre>');
    const again = await writeTestHistoryViews([dir], runs());
    expect(again).toBe(0);
    expect(await writeTestHistoryViews([dir], runs().slice(1))).toBe(2);
    const rebuilt = JSON.parse(await readFile(join(dir, 'a-result.json'), 'utf8')) as { descriptionHtml: string };
    expect(rebuilt.descriptionHtml.match(/data-maestro-history/g)?.length).toBe(1);
    expect(rebuilt.descriptionHtml).toContain('History over the last 3 run(s)');
    expect(rebuilt.descriptionHtml).toContain('Hangs *on purpose*.');
  });
});

describe('trends run rows', () => {
  it('show date, commit, seeds, scale, workers, shards and regressions, and count a timeout that passed on retry', () => {
    const all = runs();
    const html = renderTrendsHtml(all, summarizeTrends(all, all.length), {
      testPageHrefs: new Map([[`history.spec.ts › ${FIXED.steady.name}`, '../awesome/index.html#abc']]),
    });
    const rows = [...html.matchAll(/<tr class="run" id="([^"]+)"[^>]*>(.*?)<\/tr>/g)];
    expect(rows.map((r) => r[1])).toEqual(['run-old-run', 'run-fixed-run-1', 'run-fixed-run-2', 'run-fixed-run-3']);
    const run2 = rows[2]?.[2] ?? '';
    expect(run2).toContain('<code title="2abc1234def5678">2abc1234</code>');
    expect(run2).toContain('shard-1-of-2: 221, shard-2-of-2: 222');
    expect(run2).toContain(
      '<td class="num scale">0.25</td><td class="num workers">1</td><td class="num shards">2</td>',
    );
    expect(run2).toContain('E2E-201 cpuMs regressed +46% (p 0.004)');
    expect(rows[3]?.[2]).toMatch(/<td class="num timeouts"[^>]*>1<\/td>/); // E2E-203 timed out, then passed
    expect(rows[0]?.[2]).toContain('<td class="commit"></td><td class="seeds"></td><td class="num scale"></td>');
    expect(html).toContain(`<a class="test-page" href="../awesome/index.html#abc">${FIXED.steady.name}</a>`);
  });
});
