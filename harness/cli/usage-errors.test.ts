import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { NODE_WITH_TSX } from './testing/pipeline-project.js';

const CLI = resolve(import.meta.dirname);

async function run(file: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      NODE_WITH_TSX[0],
      [...NODE_WITH_TSX.slice(1), resolve(CLI, file), ...args],
      {
        cwd: resolve(CLI, '..', '..'),
        timeout: 60_000,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

// A flag the command does not know must stop it before it does any work: ignored, it would run a whole soak or
// rebuild the report when the user asked for something else.
describe('a bad command line stops the CLI at once: exit 2, the problem in one line, no stack', () => {
  it.each([
    ['soak.ts', ['--bogus'], "soak: Unknown option '--bogus'"],
    ['soak.ts', ['10m'], "soak: Unexpected argument '10m'"],
    ['report.ts', ['build', 'open'], "report: Unexpected argument 'open'"],
    ['report.ts', ['build', '--port', '1'], "report: Unknown option '--port'"],
  ])(
    '%s %j',
    async (file, args, firstLine) => {
      const result = await run(file, args);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr.split('\n')[0]).toContain(firstLine);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stdout).toBe('');
    },
    70_000,
  );
});
