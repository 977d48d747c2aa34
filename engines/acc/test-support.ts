import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A throw-away project folder for tests; `dispose` removes it. Test-only, not exported from index.ts. */
export interface TempProject {
  readonly root: string;
  write(path: string, content: string | Buffer): void;
  dispose(): void;
}

export function createTempProject(files: Record<string, string> = {}): TempProject {
  const root = mkdtempSync(join(tmpdir(), 'maestro-acc-'));
  const write = (path: string, content: string | Buffer): void => {
    const abs = join(root, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  };
  for (const [path, content] of Object.entries(files)) write(path, content);
  return { root, write, dispose: () => rmSync(root, { recursive: true, force: true }) };
}
