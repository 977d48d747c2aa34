import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

function analyze(dir: string, env: Record<string, string>): unknown {
  let stdout: string;
  try {
    stdout = execFileSync(process.execPath, [BIN, 'analyze', dir, '--format', 'json', '--no-cache'], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
  } catch (error) {
    stdout = (error as { stdout: string }).stdout; // exit 1: blocking violations, still a report
  }
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
    // `npm ci` runs `prepare`, which builds bin/dist; without it the bin falls back to the sources (same output).
    if (!existsSync(path.join(ROOT, 'bin/dist/maestro.mjs')))
      console.warn('bin/dist not built: compared the sources with themselves');
  }, 60_000);
});
