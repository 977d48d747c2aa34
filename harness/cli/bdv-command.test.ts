import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseEnvelope } from '@cucumber/messages';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBdvCommand } from './bdv-command.js';

const BIN = fileURLToPath(new URL('../../bin/maestro.mjs', import.meta.url));

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

const STEPS_JS = `let flips = 0;
export default function steps({ Given, Then, defineStep }) {
  Given('a counter at {int}', function (n) { this.count = n; });
  Then('the counter is {int}', function (n) {
    if (this.count !== n) throw new Error('expected ' + n + ' but was ' + this.count);
  });
  defineStep('a coin flip', function () {
    if (flips++ % 2 === 1) throw new Error('tails');
  });
  defineStep('it always fails', function () { throw new Error('nope'); });
}
`;

describe('maestro bdv', () => {
  let dir: string;
  let stdout: Capture;
  let stderr: Capture;
  const run = (...argv: string[]): Promise<number> => runBdvCommand(argv, { stdout, stderr });

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'bdv-cli-'));
    stdout = new Capture();
    stderr = new Capture();
    await mkdir(path.join(dir, 'features'));
    await writeFile(path.join(dir, 'steps.mjs'), STEPS_JS);
    await writeFile(
      path.join(dir, 'features', 'counter.feature'),
      '@counter\nFeature: Counter\n  Scenario: one\n    Given a counter at 1\n    Then the counter is 1\n  @slow\n  Scenario: two\n    Given a counter at 2\n    Then the counter is 2\n',
    );
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 0 and prints a summary when every scenario passes', async () => {
    const code = await run(path.join(dir, 'features'), '--steps', path.join(dir, 'steps.mjs'));
    expect(stderr.text).toBe('');
    expect(code).toBe(0);
    expect(stdout.text).toContain('2 scenarios (2 passed)');
    expect(stdout.text).toContain('4 steps (4 passed)');
    expect(stdout.text).toContain('PASSED');
  });

  it('filters by tags and runs with --parallel', async () => {
    const code = await run(
      path.join(dir, 'features'),
      '--steps',
      path.join(dir, 'steps.mjs'),
      '--tags',
      'not @slow',
      '--parallel',
      '3',
    );
    expect(code).toBe(0);
    expect(stdout.text).toContain('1 scenario (1 passed)');
  });

  it('exits 1 on a failing scenario, reports a malformed file with file:line:column, and still runs the rest', async () => {
    await writeFile(
      path.join(dir, 'features', 'fail.feature'),
      'Feature: F\n  Scenario: wrong\n    Given a counter at 1\n    Then the counter is 2\n',
    );
    await writeFile(
      path.join(dir, 'features', 'bad.feature'),
      'Feature: B\n  Scenario: s\n    Given a counter at 1\n  Nonsense line\n',
    );
    const code = await run(path.join(dir, 'features'), '--steps', path.join(dir, 'steps.mjs'));
    expect(code).toBe(1);
    expect(stdout.text).toMatch(/PARSE ERROR .*features\/bad\.feature:4:3 /);
    expect(stdout.text).toMatch(/FAILED .*features\/fail\.feature:2 wrong/);
    expect(stdout.text).toContain('expected 2 but was 1');
    expect(stdout.text).toContain('3 scenarios (2 passed, 1 failed)');
  });

  it('prints a snippet for undefined steps and fails unless --no-strict', async () => {
    await writeFile(path.join(dir, 'features', 'new.feature'), 'Feature: N\n  Scenario: n\n    Given 3 new "things"\n');
    const feature = path.join(dir, 'features', 'new.feature');
    expect(await run(feature, '--steps', path.join(dir, 'steps.mjs'))).toBe(1);
    expect(stdout.text).toContain("Given('{int} new {string}', function (int, string) {");
    expect(await run(feature, '--steps', path.join(dir, 'steps.mjs'), '--no-strict')).toBe(0);
  });

  it('writes Cucumber Messages NDJSON and JSON reports', async () => {
    const out = path.join(dir, 'messages.ndjson');
    expect(
      await run(
        path.join(dir, 'features'),
        '--steps',
        path.join(dir, 'steps.mjs'),
        '--format',
        'ndjson',
        '--output',
        out,
      ),
    ).toBe(0);
    const lines = (await readFile(out, 'utf8')).trimEnd().split('\n');
    const envelopes = lines.map((line) => parseEnvelope(line));
    expect(envelopes.filter((e) => e.testCaseFinished)).toHaveLength(2);
    expect(envelopes.at(-1)?.testRunFinished?.success).toBe(true);
    expect(stdout.text).toContain('2 scenarios');

    const json = new Capture();
    expect(
      await runBdvCommand([path.join(dir, 'features'), '--steps', path.join(dir, 'steps.mjs'), '--format', 'json'], {
        stdout: json,
        stderr,
      }),
    ).toBe(0);
    const report = JSON.parse(json.text) as { status: string; scenarios: unknown[] };
    expect(report.status).toBe('passed');
    expect(report.scenarios).toHaveLength(2);
  });

  it('detects flakes with --repeat, writes the quarantine file, and a later run honours it', async () => {
    await writeFile(
      path.join(dir, 'features', 'flip.feature'),
      'Feature: Flip\n  Scenario: coin\n    Given a coin flip\n',
    );
    const quarantine = path.join(dir, 'quarantine.json');
    const feature = path.join(dir, 'features', 'flip.feature');
    expect(
      await run(feature, '--steps', path.join(dir, 'steps.mjs'), '--repeat', '4', '--quarantine', quarantine),
    ).toBe(1);
    expect(stdout.text).toMatch(/FLAKY\s+2\/4 passed {2}rate 0\.500/);
    const stored = JSON.parse(await readFile(quarantine, 'utf8')) as {
      scenarios: Record<string, { quarantined: boolean }>;
    };
    expect(Object.values(stored.scenarios).map((s) => s.quarantined)).toEqual([true]);

    // The module's flip counter continues: make sure the next run lands on a failing flip, then it must pass.
    stdout.text = '';
    const runs = [await run(feature, '--steps', path.join(dir, 'steps.mjs'), '--quarantine', quarantine)];
    runs.push(await run(feature, '--steps', path.join(dir, 'steps.mjs'), '--quarantine', quarantine));
    expect(runs).toEqual([0, 0]);
    expect(stdout.text).toMatch(/FAILED .*flip\.feature:2 coin \[quarantined\]/);
  });

  it.each([
    [['--steps', 'x.mjs'], /at least one feature file/],
    [['f', '--parallel', 'abc'], /--parallel must be an integer >= 1/],
    [['f', '--format', 'xml'], /--format must be one of summary, json, ndjson/],
    [['f', '--bogus'], /Unknown option '--bogus'/],
    [['f', '--world-parameters', '[1]'], /must be a JSON object/],
  ])('exits 2 on bad flags %j', async (argv, message) => {
    expect(await run(...argv)).toBe(2);
    expect(stderr.text).toMatch(message);
  });

  it('exits 2 with a clear message for a missing path, a broken steps module, a bad tag expression or a corrupt quarantine file', async () => {
    const steps = path.join(dir, 'steps.mjs');
    expect(await run(path.join(dir, 'nope'), '--steps', steps)).toBe(2);
    expect(stderr.text).toContain('cannot read feature path');
    await writeFile(path.join(dir, 'bad-steps.mjs'), 'export const notAFunction = 1;\n');
    expect(await run(path.join(dir, 'features'), '--steps', path.join(dir, 'bad-steps.mjs'))).toBe(2);
    expect(stderr.text).toContain('must export a default function');
    expect(await run(path.join(dir, 'features'), '--steps', steps, '--tags', '@a and or')).toBe(2);
    expect(stderr.text).toContain('invalid tag expression');
    const corrupt = path.join(dir, 'corrupt.json');
    await writeFile(corrupt, '{ not json');
    expect(await run(path.join(dir, 'features'), '--steps', steps, '--quarantine', corrupt)).toBe(2);
    expect(stderr.text).toContain(`quarantine file ${corrupt}: not valid JSON`);
  });

  it('exits 2 with one line for an unknown --language, and names binary and UTF-16 feature files without echoing their bytes', async () => {
    expect(await run(path.join(dir, 'features'), '--steps', path.join(dir, 'steps.mjs'), '--language', 'xx')).toBe(2);
    expect(stderr.text).toMatch(
      /^maestro bdv: --language: unknown Gherkin dialect "xx" \(known: .*\bfr\b.*\)\nRun "maestro bdv --help" for usage\.\n$/,
    );
    stderr.text = '';
    const binary = path.join(dir, 'features', 'binary.feature');
    await writeFile(binary, Buffer.from([0x46, 0x1b, 0x5b, 0x32, 0x4a, 0x00, 0x07, 0xff, 0x1b, 0x5d]));
    await writeFile(
      path.join(dir, 'features', 'utf16.feature'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Feature: X\n', 'utf16le')]),
    );
    await writeFile(
      path.join(dir, 'features', 'latin1.feature'),
      Buffer.from('Feature: caf\xe9\n  Scenario: \x1b[2J\n', 'latin1'),
    );
    expect(await run(path.join(dir, 'features'), '--steps', path.join(dir, 'steps.mjs'))).toBe(1);
    expect(stdout.text).toMatch(/binary\.feature:1 the file is binary \(a NUL byte at offset 5\), not Gherkin text/);
    expect(stdout.text).toMatch(/utf16\.feature:1 the file is UTF-16 encoded; Gherkin files must be UTF-8/);
    expect(stdout.text).toMatch(/latin1\.feature:1 the file is not valid UTF-8 text/);
    expect(stdout.text).toContain('2 scenarios (2 passed)');
    // eslint-disable-next-line no-control-regex
    expect(stdout.text + stderr.text).not.toMatch(/[\u0000-\u0008\u001b\u007f]/);
  });

  it('refuses a FIFO, a device or a huge file as a feature, steps module or quarantine file, by name and without blocking', async () => {
    const fifo = path.join(dir, 'fifo.feature');
    execFileSync('mkfifo', [fifo]);
    const steps = path.join(dir, 'steps.mjs');
    const cases: [string[], RegExp][] = [
      [[fifo, '--steps', steps], /feature file .*fifo\.feature is not a regular file \(a FIFO\)/],
      [['/dev/zero', '--steps', steps], /feature file \/dev\/zero is not a regular file \(a character device\)/],
      [[path.join(dir, 'features'), '--steps', fifo], /steps module .*fifo\.feature is not a regular file \(a FIFO\)/],
      [
        [path.join(dir, 'features'), '--steps', steps, '--quarantine', fifo],
        /quarantine file .*fifo\.feature: is not a regular file \(a FIFO\)/,
      ],
      [
        [path.join(dir, 'features'), '--steps', steps, '--quarantine', '/dev/zero'],
        /quarantine file \/dev\/zero: is not a regular file \(a character device\)/,
      ],
    ];
    await mkdir(path.join(dir, 'huge'));
    const huge = path.join(dir, 'huge', 'huge.feature');
    await writeFile(huge, '');
    await truncate(huge, 40 * 1024 * 1024);
    cases.push([
      [path.join(dir, 'huge'), '--steps', steps],
      /feature file .*huge\.feature is 40\.0 MB, over the 32\.0 MB limit/,
    ]);
    for (const [argv, message] of cases) {
      stderr.text = '';
      expect(await run(...argv), argv.join(' ')).toBe(2);
      expect(stderr.text).toMatch(message);
      expect(stderr.text.trim().split('\n')).toHaveLength(1);
    }
  });

  it('caps --workers by the machine and says so', async () => {
    const code = await run(
      path.join(dir, 'features'),
      '--steps',
      path.join(dir, 'steps.mjs'),
      '--workers',
      '150',
      '--dry-run',
    );
    expect(code).toBe(0);
    expect(stderr.text).toMatch(
      /^maestro bdv: --workers 150 capped at \d+ \(2 per CPU on this machine, and what its memory allows\)\n$/,
    );
  });

  it('runs through the real maestro bin with a TypeScript steps module and worker threads (exit codes)', async () => {
    await writeFile(path.join(dir, 'package.json'), '{ "type": "module" }\n');
    await writeFile(
      path.join(dir, 'steps.ts'),
      `export default function steps({ Given, Then }: { Given: Function; Then: Function }): void {
  Given('a counter at {int}', function (this: { count: number }, n: number) { this.count = n; });
  Then('the counter is {int}', function (this: { count: number }, n: number) {
    if (this.count !== n) throw new Error(\`expected \${n} but was \${this.count}\`);
  });
}
`,
    );
    const invoke = (extra: string[]): Promise<{ code: number; out: string; err: string }> =>
      new Promise((resolve) => {
        execFile(
          process.execPath,
          [BIN, 'bdv', 'features', '--steps', 'steps.ts', '--workers', '2', ...extra],
          { cwd: dir, timeout: 60_000 },
          (error, out, err) => {
            resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, out, err });
          },
        );
      });
    const passing = await invoke([]);
    expect(passing.err).toBe('');
    expect(passing).toMatchObject({ code: 0 });
    expect(passing.out).toContain('2 scenarios (2 passed)');
    await writeFile(
      path.join(dir, 'features', 'fail.feature'),
      'Feature: F\n  Scenario: wrong\n    Given a counter at 1\n    Then the counter is 5\n',
    );
    const failing = await invoke(['--format', 'json']);
    expect(failing.code).toBe(1);
    const report = JSON.parse(failing.out) as { scenarios: { status: string; attempts: { workerId?: string }[] }[] };
    expect(report.scenarios.map((s) => s.status).sort()).toEqual(['failed', 'passed', 'passed']);
    expect(report.scenarios.every((s) => s.attempts[0]?.workerId?.startsWith('worker-'))).toBe(true);
    // Two whole processes, each starting worker threads that load the steps module through tsx: 2.5 s quiet, past
    // vitest's 30 s default at a load of 16-21 on 2 cores. Each process has its own 60 s limit above.
  }, 150_000);
});
