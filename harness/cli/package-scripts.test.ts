import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '..', '..');
const scripts = (JSON.parse(readFileSync(resolve(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
  .scripts;

describe('package.json scripts', () => {
  // The tsx CLI runs the program as a child and SIGKILLs it when the child does not confirm a relayed SIGINT or
  // SIGTERM within 30 ms, which a busy event loop on a loaded machine does not: the CLI's own stop handling (stop
  // Playwright, build the report of what ran, put the history back) never runs and its children are orphaned.
  // Seen here: `kill -INT` on a busy `tsx x.ts` exited 130 without the handler running; `node --import tsx` ran it.
  it('run TypeScript programs with tsx loaded in-process, never through the tsx CLI', () => {
    const viaTsxCli = Object.entries(scripts).filter(([, command]) => /(^|[;&|]\s*)(npx\s+)?tsx\s/.test(command));
    expect(viaTsxCli).toEqual([]);
    const typescriptPrograms = Object.values(scripts).filter((command) => /\.ts(\s|$)/.test(command));
    expect(typescriptPrograms.length).toBeGreaterThan(5);
    for (const command of typescriptPrograms) expect(command).toMatch(/^node --import tsx /);
  });
});
