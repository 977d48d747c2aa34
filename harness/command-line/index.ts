/**
 * What the command-line programs (harness/cli, scripts, bench) share: where a command writes (`CommandIo`), how a bad
 * command line is reported (`UsageError`, one line and exit 2), `node:util` parseArgs with that error, and the one way
 * to run this repository's Playwright CLI. The programs themselves live in harness/cli; this folder holds no program.
 *
 * @example
 * import { parseCommandLine, startPlaywright, UsageError } from '../command-line/index.js';
 * const { values } = parseCommandLine({ args: argv, options: { workers: { type: 'string' } }, strict: true });
 * const { code } = await startPlaywright(['test', '--list'], { cwd: root, stdout: 'capture' }).done;
 */
export { UsageError } from './command-io.js';
export type { CommandIo } from './command-io.js';
export { parseCommandLine } from './parse-command-line.js';
export { playwrightCliPath, startPlaywright, stopPlaywright } from './playwright-cli.js';
export type {
  PlaywrightChild,
  PlaywrightExit,
  PlaywrightOutput,
  StartPlaywrightOptions,
  StopPlaywrightOptions,
} from './playwright-cli.js';
