import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runAnalyzeCommand } from './analyze-command.js';

let temp: string | undefined;
afterEach(() => {
  if (temp !== undefined) rmSync(temp, { recursive: true, force: true });
  temp = undefined;
});

function project(files: Record<string, string>): string {
  temp = mkdtempSync(join(tmpdir(), 'maestro-analyze-cli-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(temp, path)), { recursive: true });
    writeFileSync(join(temp, path), content);
  }
  return temp;
}

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await runAnalyzeCommand(argv, { stdout, stderr });
  return { code, stdout: out, stderr: err };
}

const LAYERED = {
  'src/ui/page.ts': "import { repo } from '../data/repo.js';\nimport { svc } from '../services/svc.js';",
  'src/services/svc.ts': "import { repo } from '../data/repo.js';",
  'src/data/repo.ts': 'export const repo = 1;',
};

describe('maestro analyze', () => {
  it('exits 1 on blocking violations with the default rules and lists them', async () => {
    const dir = project(LAYERED);
    const result = await run([dir, '--no-cache']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('rules: built-in defaults');
    expect(result.stdout).toMatch(
      /BLOCKING\s+layer_presentation_business\s+Presentation can only call BusinessLogic, Infrastructure, but src\/ui\/page.ts:1 imports DataAccess/,
    );
    expect(result.stdout).toContain('NON-COMPLIANT');
  });

  it('exits 0 and prints JSON when the rules allow the imports', async () => {
    const dir = project({
      ...LAYERED,
      'rules.yaml':
        'components:\n  - { name: UI, paths: ["src/ui/**"] }\n  - { name: Data, paths: ["src/data/**"] }\nrules:\n  - UI: MUST_NOT_CALL(Data)\n',
      'maestro.architecture.yaml': 'components:\n  - { name: UI, paths: ["src/ui/**"] }\nrules:\n  - UI: NO_CYCLES\n',
    });
    const fromLocal = await run([dir, '--format', 'json', '--no-cache']);
    expect(fromLocal.code).toBe(0);
    const parsed = JSON.parse(fromLocal.stdout) as {
      rules: string;
      architecture: { compliant: boolean; counters: { filesParsed: number } };
      exitCode: number;
    };
    expect(parsed.rules).toBe(join(dir, 'maestro.architecture.yaml'));
    expect(parsed.architecture.compliant).toBe(true);
    expect(parsed.architecture.counters.filesParsed).toBe(3);
    expect(parsed.exitCode).toBe(0);

    const explicit = await run([dir, '--rules', join(dir, 'rules.yaml'), '--no-cache']);
    expect(explicit.code).toBe(1);
    expect(explicit.stdout).toContain('UI_MUST_NOT_CALL_Data');
  });

  it('exits 2 with line and field for an invalid rules file', async () => {
    const dir = project({
      ...LAYERED,
      'bad.yaml': 'rules:\n  - id: x\n    type: CAN_CALL\n    component: UI\n    severity: loud\n',
    });
    const result = await run([dir, '--rules', join(dir, 'bad.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bad.yaml:5:15 rules[0].severity: must be one of blocking, warning, info');
  });

  it('exits 2 with a clear message on bad arguments', async () => {
    expect((await run([])).stderr).toContain('missing <dir>');
    expect((await run(['.', '--format', 'xml'])).code).toBe(2);
    expect((await run(['.', '--bogus'])).stderr).toMatch(/Unknown option '--bogus'/);
    expect((await run(['/no/such/dir'])).stderr).toContain('not a directory');
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage: maestro analyze <dir>');
  });

  it('adds workflow gaps when the folder looks like an SDLC workflow, and fails on critical gaps', async () => {
    const dir = project({
      'requirements/prd.md': '# PRD',
      'implementation/backend/src/server.ts': "import r from './routes/missing.js';",
    });
    const result = await run([dir, '--no-cache']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/gaps in maestro-analyze-cli-\w+: \d+ \(\d+ critical/);
    expect(result.stdout).toContain('implementation.backend_imports_resolve');
    const off = await run([dir, '--no-cache', '--gaps', 'off']);
    expect(off.stdout).not.toContain('gaps in');
  });
});

describe('maestro analyze --watch', () => {
  it('analyses again after each change, looking only at the changed file, until aborted', async () => {
    const dir = project({
      'src/services/svc.ts': "import { repo } from '../data/repo.js';",
      'src/data/repo.ts': 'export const repo = 1;',
    });
    // Files written just now would be re-read as racily clean; age them like a real checkout.
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const file of ['src/services/svc.ts', 'src/data/repo.ts']) utimesSync(join(dir, file), hourAgo, hourAgo);
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (c: Buffer) => (out += c.toString()));
    const controller = new AbortController();
    const running = runAnalyzeCommand([dir, '--watch'], { stdout, stderr: new PassThrough() }, controller.signal);
    try {
      await vi.waitFor(() => expect(out).toContain('COMPLIANT'), { timeout: 10_000, interval: 20 });
      expect(out).toMatch(/^=== analysis 1 at .*: \d+ ms, 2 file\(s\) read, 2 parsed/);

      writeFileSync(
        join(dir, 'src/data/repo.ts'),
        "import { svc } from '../services/svc.js';\nexport const repo = svc;",
      );
      await vi.waitFor(() => expect(out).toContain('=== analysis 2'), { timeout: 10_000, interval: 20 });
      await vi.waitFor(() => expect(out.split('=== analysis 2')[1]).toContain('score:'), {
        timeout: 10_000,
        interval: 20,
      });
      const second = out.split('=== analysis 2')[1] ?? '';
      expect(second).toMatch(/: \d+ ms, 1 file\(s\) read, 1 parsed, 0 folder\(s\) listed; watching 4 folder\(s\)/);
      expect(second).toContain('cycles: 1 cyclic component(s)');
    } finally {
      controller.abort(Object.assign(new Error('interrupted by SIGTERM'), { signal: 'SIGTERM' }));
    }
    expect(await running).toBe(143);
  });

  it('refuses --watch with --no-cache or --gaps', async () => {
    const dir = project({ 'src/a.ts': '' });
    expect((await run([dir, '--watch', '--no-cache'])).stderr).toContain('--watch needs the cache');
    expect((await run([dir, '--watch', '--gaps', 'batch'])).code).toBe(2);
  });
});

describe('maestro analyze on bad input files', () => {
  it('refuses a FIFO, a device, an oversized, an empty and an alias-bomb rules file with exit 2 and the file named, without blocking', async () => {
    const dir = project({
      ...LAYERED,
      'empty.yaml': '# nothing yet\n',
      'big.yaml': `# ${'x'.repeat(1_100_000)}\n`,
      'bomb.yaml': [
        'a: &a [x, x, x, x, x, x, x, x, x]',
        'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
        'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
        'components: [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
        '',
      ].join('\n'),
    });
    execFileSync('mkfifo', [join(dir, 'fifo.yaml')]);
    const cases: Array<[string, RegExp]> = [
      [join(dir, 'fifo.yaml'), /fifo\.yaml:1:1 \(file\): is a FIFO \(named pipe\), not a regular file/],
      ['/dev/zero', /\/dev\/zero:1:1 \(file\): is a character device, not a regular file/],
      [join(dir, 'big.yaml'), /big\.yaml:1:1 \(file\): is 1100003 bytes, over the 1048576-byte limit/],
      [join(dir, 'empty.yaml'), /empty\.yaml:1:1 \(root\): the rules file is empty/],
      [join(dir, 'bomb.yaml'), /bomb\.yaml:2:8 \(yaml\): Excessive alias count/],
    ];
    for (const [file, message] of cases) {
      const started = performance.now();
      const result = await run([dir, '--rules', file, '--no-cache']);
      expect(result.code, file).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toContain('    at '); // no stack trace
      expect(performance.now() - started).toBeLessThan(10_000);
    }
  });

  it('notes a tsconfig.json that is not a regular file instead of hanging on it', async () => {
    const dir = project(LAYERED);
    execFileSync('mkfifo', [join(dir, 'tsconfig.json')]);
    const result = await run([dir, '--no-cache']);
    expect(result.code).toBe(1); // the default rules' blocking violation in LAYERED: analysed, not stuck
    expect(result.stdout).toMatch(/note: .*tsconfig\.json: is a FIFO \(named pipe\), not a regular file/);
  });
});
