/**
 * `maestro bdv <paths...> --steps <module> [options]`: run a folder of `.feature` files with the BDV engine.
 *
 * Exit codes: 0 every scenario passed; 1 a scenario failed (or a file did not parse, or a run hook failed, or
 * flake detection found flaky / consistently failing scenarios); 2 bad input (flags, paths, steps module,
 * tag expression, quarantine file); 130 / 143 interrupted by SIGINT / SIGTERM (what ran is still written).
 */
import { dialects } from '@cucumber/gherkin';
import {
  BdvError,
  DEFAULT_STEPS_LOAD_TIMEOUT_MS,
  createStepRegistry,
  detectFlakes,
  emptyQuarantine,
  formatFlakeSummary,
  formatSummary,
  loadStepsModule,
  maxWorkerThreads,
  openFeatureFiles,
  parsePickleOrder,
  quarantinedKeys,
  readQuarantineFile,
  runPickles,
  writeQuarantineFile,
  type FeatureSet,
  type PickleOrder,
  type QuarantineData,
  type RunOptions,
} from '../../engines/bdv/index.js';
import { parseCommandLine, UsageError, type CommandIo } from '../command-line/index.js';
import { OutputError, openOutput, type Output } from './bdv-output.js';

type Format = 'summary' | 'json' | 'ndjson';
const FORMATS: readonly Format[] = ['summary', 'json', 'ndjson'];

export const BDV_USAGE = `usage: maestro bdv <paths...> --steps <module> [options]

Runs Gherkin feature files (folders are searched for *.feature) against step definitions.

  --steps <module>        steps module (TS or JS); repeatable. It default-exports a function that receives
                          { Given, When, Then, defineStep, Before, After, BeforeAll, AfterAll,
                            defineParameterType, setWorldConstructor, setDefaultTimeout }
  --tags <expr>           only scenarios matching the tag expression, e.g. "@smoke and not @wip"
  --parallel <n>          scenarios run concurrently in this thread (async steps); default 1
  --workers <n>           spread scenarios over n worker threads (CPU-bound steps); default 1
  --retry <n>             retry a failed scenario up to n times; a pass on retry is reported flaky
  --timeout <ms>          default timeout of async steps and hooks (default 5000)
  --order <o>             defined | reverse | random | random:<seed>; default defined
  --format <f>            summary | json | ndjson (Cucumber Messages, streamed as the run goes); default summary
  --output <file>         write the formatted result to a file (a summary still goes to stdout)
  --quarantine <file>     quarantine file: quarantined scenarios run but do not fail the run;
                          with --repeat, the file is updated (created if missing)
  --repeat <n>            flake detection: run every scenario n times and classify it
                          STABLE, FLAKY, CONSISTENTLY_FAILING or QUARANTINED
  --no-strict             pending and undefined steps do not fail the run
  --dry-run               match steps without running them (finds undefined and ambiguous steps)
  --language <code>       default Gherkin dialect for files without "# language:" (default en)
  --world-parameters <json>  object passed to every world as this.parameters
  --load-timeout <ms>     bound on importing and registering each steps module (default ${DEFAULT_STEPS_LOAD_TIMEOUT_MS})
  -h, --help              this help

Ctrl-C (or SIGTERM) stops starting scenarios, aborts running steps through this.signal and writes what ran;
a second one exits at once. --workers is capped at ${maxWorkerThreads()} on this machine (2 per CPU, and by memory).

Exit codes: 0 passed, 1 failed, 2 bad input, 130/143 interrupted by SIGINT/SIGTERM.
`;

interface ParsedCommand {
  readonly paths: readonly string[];
  readonly steps: readonly string[];
  readonly tags: string | undefined;
  readonly parallel: number;
  readonly workers: number;
  readonly order: PickleOrder | undefined;
  readonly loadTimeoutMs: number | undefined;
  readonly retry: number;
  readonly timeoutMs: number | undefined;
  readonly format: Format;
  readonly output: string | undefined;
  readonly quarantine: string | undefined;
  readonly repeat: number | undefined;
  readonly strict: boolean;
  readonly dryRun: boolean;
  readonly language: string | undefined;
  readonly worldParameters: Readonly<Record<string, unknown>>;
  readonly help: boolean;
}

/**
 * Runs `maestro bdv` with the arguments after `bdv`; resolves to the process exit code. `signal` interrupts the
 * run (the bin aborts it on the first SIGINT/SIGTERM, with a reason naming the signal).
 */
export async function runBdvCommand(argv: readonly string[], io: CommandIo, signal?: AbortSignal): Promise<number> {
  let command: ParsedCommand;
  try {
    command = parseCommand(argv);
  } catch (error) {
    io.stderr.write(`maestro bdv: ${(error as Error).message}\nRun "maestro bdv --help" for usage.\n`);
    return 2;
  }
  if (command.help) {
    io.stdout.write(BDV_USAGE);
    return 0;
  }
  const cap = maxWorkerThreads();
  if (command.workers > cap) {
    io.stderr.write(
      `maestro bdv: --workers ${command.workers} capped at ${cap} (2 per CPU on this machine, and what its memory allows)\n`,
    );
    command = { ...command, workers: cap };
  }
  try {
    const code = await execute(command, io, signal);
    return signal?.aborted === true ? interruptedExitCode(signal.reason) : code;
  } catch (error) {
    if (signal?.aborted === true) {
      io.stderr.write(`maestro bdv: interrupted\n`);
      return interruptedExitCode(signal.reason);
    }
    if (error instanceof BdvError || error instanceof UsageError || error instanceof OutputError) {
      io.stderr.write(`maestro bdv: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

/** 128 + the signal's number, as a shell reports a process the signal ended: 130 for SIGINT, 143 for SIGTERM. */
function interruptedExitCode(reason: unknown): number {
  const name = (reason as { signal?: unknown } | undefined)?.signal;
  return name === 'SIGTERM' ? 143 : 130;
}

async function execute(command: ParsedCommand, io: CommandIo, signal: AbortSignal | undefined): Promise<number> {
  const registry = createStepRegistry();
  const loadOptions = {
    ...(command.loadTimeoutMs === undefined ? {} : { timeoutMs: command.loadTimeoutMs }),
    ...(signal === undefined ? {} : { signal }),
  };
  for (const module of command.steps) await loadStepsModule(module, registry, process.cwd(), loadOptions);
  // Compile every expression now, so a bad step definition is reported before any scenario runs.
  registry.matcher();
  // Kept as text and parsed pass by pass: a suite of any size runs in memory that its text bounds, not its scenarios.
  const features = await openFeatureFiles(command.paths, {
    ...(command.language === undefined ? {} : { defaultDialect: command.language }),
    ...(signal === undefined ? {} : { signal }),
  });
  const quarantine = command.quarantine === undefined ? undefined : await readQuarantineFile(command.quarantine);
  const runOptions: RunOptions = {
    registry,
    concurrency: command.parallel,
    workers: command.workers,
    ...(command.order === undefined ? {} : { order: command.order }),
    ...(signal === undefined ? {} : { signal }),
    stepsModules: command.steps,
    strict: command.strict,
    dryRun: command.dryRun,
    worldParameters: command.worldParameters,
    ...(command.tags === undefined ? {} : { tags: command.tags }),
    ...(command.timeoutMs === undefined ? {} : { defaultTimeoutMs: command.timeoutMs }),
  };
  if (command.repeat !== undefined) return detect(command, io, features.toFeatureSet(), runOptions, quarantine);

  if (command.order?.kind === 'random')
    io.stderr.write(
      `maestro bdv: running in random order, seed ${command.order.seed} (--order random:${command.order.seed} repeats it)\n`,
    );
  const output = await openOutput(command.output, io.stdout);
  let closed = false;
  try {
    const report = await runPickles(features, {
      ...runOptions,
      retries: command.retry,
      ...(quarantine === undefined ? {} : { quarantine: quarantinedKeys(quarantine) }),
      // NDJSON goes out while the run goes on, with backpressure; the summary needs only what did not pass. So
      // memory stays bounded whatever the run's size (the JSON report is every scenario, so it keeps them all).
      ...(command.format === 'ndjson' ? { onNdjson: (line) => output.write(line), pause: () => output.pause() } : {}),
      retain: command.format === 'json' ? 'all' : 'problems',
    });
    const summary = formatSummary(report);
    if (command.format === 'summary') output.write(summary);
    else if (command.format === 'json') output.write(`${JSON.stringify(report, null, 2)}\n`);
    await output.close();
    closed = true;
    if (command.format !== 'summary' && command.output !== undefined) io.stdout.write(summary);
    return report.status === 'passed' ? 0 : 1;
  } finally {
    if (!closed) await closeQuietly(output);
  }
}

async function closeQuietly(output: Output): Promise<void> {
  try {
    await output.close();
  } catch {
    // the error that got us here is the one to report
  }
}

async function detect(
  command: ParsedCommand,
  io: CommandIo,
  features: FeatureSet,
  runOptions: RunOptions,
  quarantine: QuarantineData | undefined,
): Promise<number> {
  const flakes = await detectFlakes(features, {
    ...runOptions,
    runs: command.repeat as number,
    quarantine: quarantine ?? emptyQuarantine(),
  });
  if (command.quarantine !== undefined) await writeQuarantineFile(command.quarantine, flakes.quarantine);
  const summary = formatFlakeSummary(flakes);
  const output = await openOutput(command.output, io.stdout);
  output.write(
    command.format === 'summary'
      ? summary
      : `${JSON.stringify({ verdicts: flakes.verdicts, counts: flakes.counts }, null, 2)}\n`,
  );
  await output.close();
  if (command.format !== 'summary' && command.output !== undefined) io.stdout.write(summary);
  for (const problem of features.parseErrors) {
    io.stderr.write(`PARSE ERROR ${problem.uri}:${problem.line}:${problem.column} ${problem.message}\n`);
  }
  const bad = flakes.counts.FLAKY + flakes.counts.CONSISTENTLY_FAILING + features.parseErrors.length;
  return bad === 0 ? 0 : 1;
}

function parseCommand(argv: readonly string[]): ParsedCommand {
  const { values, positionals } = parseCommandLine({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      steps: { type: 'string', multiple: true },
      tags: { type: 'string' },
      parallel: { type: 'string' },
      workers: { type: 'string' },
      order: { type: 'string' },
      'load-timeout': { type: 'string' },
      retry: { type: 'string' },
      timeout: { type: 'string' },
      format: { type: 'string' },
      output: { type: 'string' },
      quarantine: { type: 'string' },
      repeat: { type: 'string' },
      'no-strict': { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      language: { type: 'string' },
      'world-parameters': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const help = values.help === true;
  if (!help && positionals.length === 0) throw new UsageError('give at least one feature file or folder');
  const format = (values.format ?? 'summary') as Format;
  if (!FORMATS.includes(format))
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${values.format}"`);
  if (values.tags !== undefined && values.tags.trim() === '') throw new UsageError('--tags needs a tag expression');
  if (values.language !== undefined && !(values.language in dialects)) {
    throw new UsageError(
      `--language: unknown Gherkin dialect "${values.language}" (known: ${Object.keys(dialects).sort().join(', ')})`,
    );
  }
  let order: PickleOrder | undefined;
  try {
    order = values.order === undefined ? undefined : parsePickleOrder(values.order);
  } catch (error) {
    throw new UsageError(`--${(error as Error).message}`);
  }
  return {
    paths: positionals,
    steps: values.steps ?? [],
    tags: values.tags,
    parallel: integerFlag('parallel', values.parallel, 1) ?? 1,
    workers: integerFlag('workers', values.workers, 1) ?? 1,
    order,
    loadTimeoutMs: integerFlag('load-timeout', values['load-timeout'], 1),
    retry: integerFlag('retry', values.retry, 0) ?? 0,
    timeoutMs: integerFlag('timeout', values.timeout, 1),
    format,
    output: values.output,
    quarantine: values.quarantine,
    repeat: integerFlag('repeat', values.repeat, 1),
    strict: values['no-strict'] !== true,
    dryRun: values['dry-run'] === true,
    language: values.language,
    worldParameters: parseWorldParameters(values['world-parameters']),
    help,
  };
}

function integerFlag(name: string, raw: string | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`--${name} must be an integer >= ${min}, got "${raw}"`);
  }
  return value;
}

function parseWorldParameters(raw: string | undefined): Readonly<Record<string, unknown>> {
  if (raw === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new UsageError(`--world-parameters is not valid JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new UsageError('--world-parameters must be a JSON object');
  return parsed as Record<string, unknown>;
}
