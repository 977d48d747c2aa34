/**
 * `maestro <command> ...`: the engines on a user's own inputs (a real repository, a folder of feature files).
 * Each command module is loaded only when asked for, so `maestro analyze` never pays for the BDV engine's imports.
 */
import type { CommandIo } from '../command-line/index.js';

type CommandRunner = (argv: readonly string[], io: CommandIo, signal: AbortSignal) => Promise<number>;

const commands: Readonly<Record<string, { summary: string; load: () => Promise<CommandRunner> }>> = {
  analyze: {
    summary:
      'analyze <dir> [--rules rules.yaml] [--format text|json] [--watch]   architecture conformance, cycles, SDLC gaps',
    load: async () => (await import('./analyze-command.js')).runAnalyzeCommand,
  },
  bdv: {
    summary:
      'bdv <paths...> --steps <module> [--tags EXPR] [--parallel N] [--format summary|json|ndjson]   run feature files',
    load: async () => (await import('./bdv-command.js')).runBdvCommand,
  },
};

function usage(): string {
  const lines = Object.values(commands).map((command) => `  maestro ${command.summary}`);
  return `usage:\n${lines.join('\n')}\n`;
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`maestro: unknown command '${name}'\n${usage()}`);
    return 2;
  }
  const run = await command.load();
  // Long-running commands (analyze --watch, bdv) end cleanly on Ctrl-C or a termination request: the first signal
  // aborts the command's signal (its reason names the signal, for the 130/143 exit code); a second exits at once.
  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(signal === 'SIGTERM' ? 143 : 130);
    controller.abort(Object.assign(new Error(`interrupted by ${signal}`), { signal }));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    const code = await run(rest, { stdout: process.stdout, stderr: process.stderr }, controller.signal);
    // An interrupted command has written what it had; timers or sockets its user code left must not keep it alive.
    if (controller.signal.aborted) process.exit(code);
    return code;
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // Commands report expected failures through their exit code; anything thrown here is a bug worth its stack.
  process.stderr.write(`maestro: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
