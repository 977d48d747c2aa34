import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(ROOT, 'bin/maestro.mjs');
const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function run(args: readonly string[], env: Record<string, string>): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    const { status, stdout, stderr } = error as { status: number; stdout: string; stderr: string };
    return { code: status, stdout, stderr }; // exit 1: blocking violations, still a report
  }
}

function analyze(dir: string, env: Record<string, string>, extra: readonly string[] = []): unknown {
  const { stdout } = run(['analyze', dir, '--format', 'json', '--no-cache', ...extra], env);
  const parsed = JSON.parse(stdout) as { architecture: { durationMs?: number } };
  delete parsed.architecture.durationMs;
  return parsed;
}

describe('the maestro bin', () => {
  it('reports the same from the compiled CLI (bin/dist) as from the TypeScript sources', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'maestro-bin-'));
    made.push(dir);
    const files: Record<string, string> = {
      'package.json': JSON.stringify({ name: 'app', imports: { '#lib/*': './src/lib/*.ts' } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'esnext', moduleResolution: 'bundler' } }),
      'src/ui/page.ts': "import { r } from '../data/repo';\nimport { f } from '#lib/fmt';",
      'src/data/repo.ts': "import { p } from '../ui/page';\nexport const r = 1;",
      'src/lib/fmt.ts': 'export const f = 1;',
    };
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    }
    const fromSource = analyze(dir, { MAESTRO_FROM_SOURCE: '1' });
    const asInstalled = analyze(dir, {});
    expect(asInstalled).toEqual(fromSource);
    expect(JSON.stringify(fromSource)).toContain('src/lib/fmt.ts');
    // A rules file: the compiled CLI validates it with the validators precompiled at build time, the sources
    // compile the schema with ajv; a valid file gives the same report, an invalid one the same problems.
    const rules = path.join(dir, 'rules.yaml');
    writeFileSync(
      rules,
      'components:\n  - { name: UI, paths: ["src/ui/**"] }\n  - { name: Data, paths: ["src/data/**"] }\n' +
        'rules:\n  - { type: MUST_NOT_CALL, component: UI, targets: [Data] }\n  - "Data: NO_CYCLES"\n',
    );
    const withRules = analyze(dir, {}, ['--rules', rules]);
    expect(withRules).toEqual(analyze(dir, { MAESTRO_FROM_SOURCE: '1' }, ['--rules', rules]));
    expect(JSON.stringify(withRules)).toContain('MUST_NOT_CALL');
    writeFileSync(
      rules,
      'components:\n  - { name: "9x", paths: [] }\nrules:\n  - { type: NOPE, component: "", bogus: 1 }\n' +
        'suppressions:\n  - { rule: r, from: a, justification: "😀😀😀😀😀😀😀😀😀", expires: 2026-6-1 }\n',
    );
    const invalid = run(['analyze', dir, '--rules', rules, '--no-cache'], {});
    expect(invalid).toEqual(run(['analyze', dir, '--rules', rules, '--no-cache'], { MAESTRO_FROM_SOURCE: '1' }));
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('justification: must NOT have fewer than 10 characters');
    expect(invalid.stderr).toContain('rules[0].bogus: unknown field');
    // `npm ci` runs `prepare`, which builds bin/dist; without it the bin falls back to the sources (same output).
    if (!existsSync(path.join(ROOT, 'bin/dist/maestro.mjs')))
      console.warn('bin/dist not built: compared the sources with themselves');
  }, 60_000);

  it('is built without the ajv compiler: the rules validators are precompiled into the bundle', () => {
    const dist = path.join(ROOT, 'bin/dist');
    if (!existsSync(path.join(dist, 'maestro.mjs'))) return; // not built (devDependencies omitted): nothing to check
    const bundle = readdirSync(dist)
      .filter((f) => f.endsWith('.mjs'))
      .map((f) => readFileSync(path.join(dist, f), 'utf8'))
      .join('\n');
    expect(bundle).toContain('function loadRulesValidators()');
    expect(bundle).not.toMatch(/["']ajv["']/);
  });
});
