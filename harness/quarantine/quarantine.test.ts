import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  QUARANTINE_CATEGORY,
  QUARANTINE_LABEL,
  QuarantineFileError,
  addDays,
  applyQuarantineMark,
  evaluateQuarantine,
  formatProposedEntry,
  loadQuarantine,
  parseQuarantine,
  proposeQuarantineChanges,
  quarantineTrendMarks,
  quarantineVerdict,
  readQuarantineMarks,
  writeQuarantineMarks,
  type FinishedTest,
  type QuarantineEntry,
  type TestHistoryRow,
} from './index.js';

const VALID = `# quarantined tests
version: 1
tests:
  - test: E2E-112
    reason: fails under parallel load
    added: 2026-11-24
    expires: 2026-12-08
  - test: "high-load.spec.ts › Concurrent workflows › E2E-101: 100 concurrent workflows"
    reason: waits for issue 42
    added: 2026-11-01
    expires: 2026-11-30
    evidence: flaky in 3 of the last 20 runs
`;

function problemsOf(text: string): string[] {
  try {
    parseQuarantine(text, 'q.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(QuarantineFileError);
    return (error as QuarantineFileError).problems.map((p) => `${p.line}:${p.column} ${p.field}: ${p.message}`);
  }
  throw new Error('expected the file to be rejected');
}

describe('quarantine file', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('parses entries with their line', () => {
    const file = parseQuarantine(VALID, 'q.yaml');
    expect(file.entries.map((e) => [e.test.slice(0, 17), e.line, e.expires, e.evidence])).toEqual([
      ['E2E-112', 4, '2026-12-08', undefined],
      ['high-load.spec.ts', 8, '2026-11-30', 'flaky in 3 of the last 20 runs'],
    ]);
  });

  it('reports every problem at once, each with its line, column and field', () => {
    const text = [
      'version: 1',
      'tests:',
      '  - test: E2E-112',
      '    reason: flaky',
      '    added: 2026-11-24',
      '    expires: 2026-11-20',
      '  - test: E2E-112',
      '    reason: ""',
      '    added: 2026-02-30',
      '    expires: 26-12-01',
      '    owner: me',
      '  - test: E2E-101',
    ].join('\n');
    expect(problemsOf(text)).toEqual([
      '6:14 tests[0].expires: 2026-11-20 is before added (2026-11-24)',
      '7:11 tests[1].test: "E2E-112" is already quarantined at line 3',
      '8:13 tests[1].reason: must not be empty',
      '9:12 tests[1].added: "2026-02-30" is not a calendar day',
      '10:14 tests[1].expires: must be a date written YYYY-MM-DD',
      '11:5 tests[1].owner: unknown field (allowed: test, reason, added, expires, evidence)',
      '12:5 tests[2].reason: is required',
      '12:5 tests[2].added: is required',
      '12:5 tests[2].expires: is required',
    ]);
  });

  it('rejects YAML syntax errors and a wrong version, naming the file in the message', () => {
    expect(problemsOf('version: 1\ntests:\n  - test: [\n')[0]).toMatch(/^4:1 \(yaml\): /);
    expect(problemsOf('version: 2\ntests: {}\n')).toEqual(['1:10 version: must be 1', '2:8 tests: must be array']);
    expect(() => parseQuarantine('version: 2\ntests: []\n', 'dir/q.yaml')).toThrow(
      /^quarantine file dir\/q\.yaml is invalid \(1 problem\):\n {2}dir\/q\.yaml:1:10 version: must be 1$/,
    );
  });

  it('treats a missing or empty file as an empty quarantine', async () => {
    dir = await mkdtemp(join(tmpdir(), 'maestro-quarantine-'));
    expect((await loadQuarantine(join(dir, 'none.yaml'))).entries).toEqual([]);
    await writeFile(join(dir, 'empty.yaml'), '\n');
    expect((await loadQuarantine(join(dir, 'empty.yaml'))).entries).toEqual([]);
  });

  it('holds an entry through its expires day and expires it the day after', () => {
    const file = parseQuarantine(VALID, 'q.yaml');
    expect(evaluateQuarantine(file, '2026-11-30').active.map((e) => e.line)).toEqual([4, 8]);
    const after = evaluateQuarantine(file, '2026-12-01');
    expect(after.active.map((e) => e.line)).toEqual([4]);
    expect(after.expired.map((e) => e.line)).toEqual([8]);
  });
});

const row = (key: string, statuses: string[]): TestHistoryRow => ({
  key,
  name: `${key}: a test`,
  fullName: `x.spec.ts › ${key}: a test`,
  statuses,
});
const entry = (test: string, expires = '2026-12-31'): QuarantineEntry => ({
  test,
  reason: 'r',
  added: '2026-11-01',
  expires,
  line: 3,
});

describe('proposals from the history', () => {
  const policy = { unstableRuns: 2, window: 5, releaseAfter: 3 };

  it('proposes a test flaky in k of its last n runs, not one that always fails or was unstable only long ago', () => {
    const proposals = proposeQuarantineChanges(
      [
        row('E2E-1', ['passed', 'failed', 'passed', 'flaky', 'passed']),
        row('E2E-2', ['failed', 'failed', 'failed', 'failed', 'failed']),
        row('E2E-3', ['failed', 'failed', 'passed', 'passed', 'passed', 'passed', 'passed']),
        row('E2E-4', ['absent', 'timedOut', 'absent', 'broken', 'passed', 'skipped']),
      ],
      { active: [] },
      policy,
    );
    expect(proposals.map((p) => [p.kind, p.key, p.evidence])).toEqual([
      ['quarantine', 'E2E-1', 'flaky in 2 of the last 5 runs'],
      ['quarantine', 'E2E-4', 'flaky in 2 of the last 3 runs'],
    ]);
  });

  it('proposes releasing a quarantined test after m passes in a row, and never proposes it again', () => {
    const proposals = proposeQuarantineChanges(
      [
        row('E2E-1', ['failed', 'passed', 'absent', 'passed', 'passed']),
        row('E2E-2', ['failed', 'passed', 'failed', 'passed', 'passed']),
      ],
      { active: [entry('E2E-1'), entry('x.spec.ts › E2E-2: a test')] },
      policy,
    );
    expect(proposals.map((p) => [p.kind, p.key, p.evidence])).toEqual([['release', 'E2E-1', 'passed 3 runs in a row']]);
  });

  it('prints a proposal as an entry the parser accepts, expiring after the given days', () => {
    const [proposal] = proposeQuarantineChanges([row('E2E-7', ['passed', 'flaky', 'failed'])], { active: [] }, policy);
    if (proposal?.kind !== 'quarantine') throw new Error('expected a quarantine proposal');
    const text = `version: 1\ntests:\n${formatProposedEntry(proposal, '2026-11-24', 14)}\n`;
    const [parsed] = parseQuarantine(text, 'q.yaml').entries;
    expect(parsed).toMatchObject({
      test: 'E2E-7',
      added: '2026-11-24',
      expires: '2026-12-08',
      evidence: 'flaky in 2 of the last 3 runs',
    });
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    // An opaque key (allure-playwright's own hash) is replaced by the test's full title.
    const [hashed] = proposeQuarantineChanges(
      [{ ...row('E2E-8', ['passed', 'failed', 'failed']), key: 'a1b2:c3d4' }],
      { active: [] },
      policy,
    );
    if (hashed?.kind !== 'quarantine') throw new Error('expected a quarantine proposal');
    expect(formatProposedEntry(hashed, '2026-11-24')).toContain('test: "x.spec.ts › E2E-8: a test"');
  });

  it('marks the trends rows: quarantined, expired, proposed', () => {
    const marks = quarantineTrendMarks(
      [
        row('E2E-1', ['passed', 'failed', 'flaky']),
        row('E2E-2', ['failed', 'passed']),
        row('E2E-3', ['passed', 'passed', 'passed']),
      ],
      {
        path: 'q.yaml',
        today: '2026-11-24',
        active: [entry('E2E-2'), entry('E2E-3')],
        expired: [entry('E2E-1', '2026-11-01')],
      },
      policy,
    );
    expect(Object.fromEntries([...marks].map(([k, v]) => [k, v.map((m) => m.kind)]))).toEqual({
      'E2E-1': ['quarantine-expired', 'propose-quarantine'],
      'E2E-2': ['quarantined'],
      'E2E-3': ['quarantined', 'propose-release'],
    });
  });
});

describe('the run status under the quarantine', () => {
  const failed = (label: string, quarantined: boolean): FinishedTest => ({
    label,
    outcome: 'unexpected',
    ...(quarantined ? { entry: entry(label) } : {}),
  });
  const base = { status: 'failed' as const, globalErrors: 0, maxFailuresReached: false, failOnFlakyTests: false };

  it('passes a run that failed only through quarantined tests, and names them', () => {
    const verdict = quarantineVerdict({
      ...base,
      tests: [failed('E2E-1', true), { label: 'E2E-2', outcome: 'expected' }],
    });
    expect(verdict.status).toBe('passed');
    expect(verdict.changed).toBe(true);
    expect(verdict.lines.join('\n')).toContain(
      '1 quarantined test(s) failed and do not fail the run: E2E-1 (r; until 2026-12-31)',
    );
  });

  it('keeps the failure when anything else failed', () => {
    const cases = [
      { ...base, tests: [failed('E2E-1', true), failed('E2E-2', false)] },
      { ...base, tests: [failed('E2E-1', true)], globalErrors: 1 },
      { ...base, tests: [failed('E2E-1', true)], maxFailuresReached: true },
      {
        ...base,
        tests: [failed('E2E-1', true), { label: 'E2E-3', outcome: 'flaky' as const }],
        failOnFlakyTests: true,
      },
      { ...base, status: 'interrupted' as const, tests: [failed('E2E-1', true)] },
      { ...base, tests: [failed('E2E-2', false)] },
    ];
    for (const input of cases) {
      const verdict = quarantineVerdict(input);
      expect(verdict.status).toBe(input.status);
      expect(verdict.changed).toBe(false);
    }
    expect(quarantineVerdict(cases[0]!).lines.at(-1)).toContain('the run fails anyway: 1 other test(s) failed');
  });
});

describe('quarantine marks for the report', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('labels the quarantined results of every shard folder once, and the category matches the label', async () => {
    dir = await mkdtemp(join(tmpdir(), 'maestro-quarantine-marks-'));
    const mark = { entry: 'E2E-1', reason: 'flaky under load', expires: '2026-12-08' };
    await writeQuarantineMarks(join(dir, 'shard-1'), {
      version: 1,
      file: 'q.yaml',
      day: '2026-11-24',
      quarantined: [{ ...mark, fullName: 'a.spec.ts › E2E-1', project: '' }],
      expired: [],
    });
    await writeQuarantineMarks(join(dir, 'shard-2'), {
      version: 1,
      file: 'q.yaml',
      day: '2026-11-24',
      quarantined: [{ ...mark, fullName: 'b.spec.ts › E2E-1', project: 'chromium' }],
      expired: [],
    });
    const index = await readQuarantineMarks([join(dir, 'shard-1'), join(dir, 'shard-2'), join(dir, 'no-marks')]);
    expect(index.size).toBe(2);
    const result = { fullName: 'a.spec.ts › E2E-1', labels: [{ name: 'tag', value: 'e2e' }] };
    expect(applyQuarantineMark(result, index)).toBe(true);
    expect(applyQuarantineMark(result, index)).toBe(true);
    expect(result.labels).toEqual([
      { name: 'tag', value: 'e2e' },
      { name: QUARANTINE_LABEL, value: 'flaky under load (until 2026-12-08)' },
      { name: 'tag', value: 'quarantined' },
    ]);
    expect(applyQuarantineMark({ fullName: 'b.spec.ts › E2E-1' }, index)).toBe(false);
    expect(
      applyQuarantineMark(
        { fullName: 'b.spec.ts › E2E-1', parameters: [{ name: 'Project', value: 'chromium' }] },
        index,
      ),
    ).toBe(true);
    const matcher = QUARANTINE_CATEGORY.matchers[0].labels[QUARANTINE_LABEL];
    expect(new RegExp(matcher).test('flaky under load (until 2026-12-08)')).toBe(true);
  });
});
