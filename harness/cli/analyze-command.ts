import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout } from 'node:timers/promises';
import {
  analyzeArchitecture,
  DEFAULT_RULES,
  loadArchitectureRules,
  openAnalysisSession,
  RulesValidationError,
  type AnalyzeArchitectureOptions,
  type ArchitectureReport,
  type ArchitectureRules,
} from '../../engines/acc/index.js';
import type { BatchGapReport, GapReport } from '../../engines/gaps/index.js';
import { errorMessage } from '../../engines/common/index.js';
import { parseCommandLine, UsageError, type CommandIo } from '../command-line/index.js';

/** The phase folders of an SDLC workflow (engines/gaps's DEFAULT_ROOTS), kept here so that a plain architecture
 * analysis does not load the workflow engine (and its YAML parser) at start-up. */
const PHASE_ROOTS = ['requirements', 'design', 'implementation', 'testing', 'deployment'] as const;

export const ANALYZE_USAGE = `usage: maestro analyze <dir> [options]

Checks a TS/JS code base against architecture rules (violations, import cycles, coupling, score) and, when
<dir> is an SDLC workflow folder (or holds wf-* folders), reports its gaps.

options:
  --rules <file>         rules YAML (default: <dir>/maestro.architecture.yaml if present, else built-in defaults)
  --format text|json     output format (default text)
  --gaps auto|single|batch|off
                         workflow gap detection (default auto: batch if <dir> has wf-* folders, single if it
                         has a phase folder such as requirements/ or implementation/, otherwise off)
  --max-cycles <n>       list at most n elementary cycles (every cyclic component is still reported)
  --no-cache             do not read or write <dir>/.maestro-cache
  --progress             say on stderr when the analysis starts and ends (for scripts and long runs)
  --watch                keep watching <dir> and analyse it again after every change, looking only at what
                         changed (architecture only; stop with Ctrl-C). Text output repeats the report, JSON
                         prints one line per analysis.
  -h, --help             show this help

exit codes: 0 compliant, 1 blocking violations or critical gaps, 2 usage or configuration error,
130/143 stopped by SIGINT/SIGTERM (a second signal exits at once)
`;

/** Quiet time after a change before analysing again: a save or a checkout touches several files at once. */
const WATCH_SETTLE_MS = 150;

const LIST_LIMIT = 50;
type GapsMode = 'auto' | 'single' | 'batch' | 'off';

interface ParsedArgs {
  readonly dir: string;
  readonly rulesFile: string | undefined;
  readonly format: 'text' | 'json';
  readonly gaps: GapsMode;
  readonly maxCycles: number | undefined;
  readonly cache: boolean;
  readonly watch: boolean;
  readonly progress: boolean;
  readonly help: boolean;
}

function parse(argv: readonly string[]): ParsedArgs {
  const { values, positionals } = parseCommandLine({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      rules: { type: 'string' },
      format: { type: 'string', default: 'text' },
      gaps: { type: 'string', default: 'auto' },
      'max-cycles': { type: 'string' },
      'no-cache': { type: 'boolean', default: false },
      watch: { type: 'boolean', default: false },
      progress: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help)
    return {
      dir: '.',
      rulesFile: undefined,
      format: 'text',
      gaps: 'off',
      maxCycles: undefined,
      cache: true,
      watch: false,
      progress: false,
      help: true,
    };
  if (positionals.length !== 1)
    throw new UsageError(positionals.length === 0 ? 'missing <dir>' : `expected one <dir>, got ${positionals.length}`);
  const format = values.format;
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not '${format}'`);
  const gaps = values.gaps;
  if (gaps !== 'auto' && gaps !== 'single' && gaps !== 'batch' && gaps !== 'off')
    throw new UsageError(`--gaps must be auto, single, batch or off, not '${gaps}'`);
  let maxCycles: number | undefined;
  if (values['max-cycles'] !== undefined) {
    maxCycles = Number(values['max-cycles']);
    if (!Number.isInteger(maxCycles) || maxCycles < 1)
      throw new UsageError(`--max-cycles must be a positive integer, not '${values['max-cycles']}'`);
  }
  if (values.watch && values['no-cache'])
    throw new UsageError('--watch needs the cache: it cannot be combined with --no-cache');
  if (values.watch && gaps !== 'auto' && gaps !== 'off')
    throw new UsageError('--watch re-runs the architecture analysis only: use it without --gaps');
  return {
    dir: positionals[0] ?? '.',
    rulesFile: values.rules,
    format,
    gaps,
    maxCycles,
    cache: !values['no-cache'],
    watch: values.watch,
    progress: values.progress,
    help: false,
  };
}

function chooseRules(dir: string, rulesFile: string | undefined): { rules: ArchitectureRules; source: string } {
  if (rulesFile !== undefined) return { rules: loadArchitectureRules(resolve(rulesFile)), source: rulesFile };
  const local = join(dir, 'maestro.architecture.yaml');
  if (existsSync(local)) return { rules: loadArchitectureRules(local), source: local };
  return { rules: DEFAULT_RULES, source: 'built-in defaults' };
}

function chooseGapsMode(dir: string, mode: GapsMode): Exclude<GapsMode, 'auto'> {
  if (mode !== 'auto') return mode;
  const entries = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  if (entries.some((n) => n.startsWith('wf-'))) return 'batch';
  return PHASE_ROOTS.some((p) => entries.includes(p)) ? 'single' : 'off';
}

function more(total: number): string {
  return total > LIST_LIMIT ? `  ... and ${total - LIST_LIMIT} more (use --format json for all)\n` : '';
}

function formatArchitecture(report: ArchitectureReport, rulesSource: string): string {
  const c = report.counters;
  let out = `maestro analyze ${report.root}\nrules: ${rulesSource}\n`;
  out +=
    `files: ${c.filesDiscovered} found (${c.foldersListed} folders listed), ${c.filesScanned} read, ${c.filesParsed} parsed, ${c.cacheHits} from cache, ` +
    `${(c.bytesRead / 1_048_576).toFixed(1)} MiB read; ${c.edges} imports (${c.internalEdges} internal, ${c.externalEdges} external, ` +
    `${c.unresolvedEdges} unresolved) in ${Math.round(report.durationMs)} ms\n`;
  if (report.tsconfigs.length > 0) {
    out += `tsconfig: ${report.tsconfigs.map((t) => `${t.file} (${t.files} file${t.files === 1 ? '' : 's'})`).join('; ')}\n`;
  }
  out +=
    `components: ${report.components.map((k) => `${k.name} ${k.files} (Ca ${k.coupling.afferent}, Ce ${k.coupling.efferent}, I ${k.coupling.instability.toFixed(2)})`).join('; ')}` +
    `${report.unmappedFiles > 0 ? `; ${report.unmappedFiles} unmapped` : ''}\n`;
  if (report.componentWarnings.length > 0) {
    if (rulesSource === 'built-in defaults') {
      out += `component warnings: ${report.componentWarnings.length} with the built-in components (give --rules to check your own)\n`;
    } else {
      out += `\ncomponent warnings: ${report.componentWarnings.length}\n`;
      for (const w of report.componentWarnings.slice(0, LIST_LIMIT)) out += `  WARNING  ${w}\n`;
      out += more(report.componentWarnings.length);
    }
  }
  const s = report.summary.bySeverity;
  out += `\nviolations: ${s.blocking} blocking, ${s.warning} warning, ${s.info} info\n`;
  for (const v of report.violations.slice(0, LIST_LIMIT))
    out += `  ${v.severity.toUpperCase().padEnd(8)} ${v.ruleId}  ${v.message}\n`;
  out += more(report.violations.length);
  if (report.suppressed.length > 0) out += `suppressed: ${report.suppressed.length} (until their expiry dates)\n`;
  const cycles = report.cycles;
  out += `\ncycles: ${cycles.stronglyConnected.length} cyclic component(s), ${cycles.elementary.length} elementary cycle(s) listed${cycles.truncated ? ' (bounded; more exist)' : ''}\n`;
  for (const cycle of cycles.elementary.slice(0, LIST_LIMIT))
    out += `  ${cycle.id}  ${[...cycle.files, cycle.files[0]].join(' -> ')}\n`;
  out += more(cycles.elementary.length);
  if (report.unresolvedImports.length > 0) {
    out += `\nunresolved imports: ${report.unresolvedImports.length}\n`;
    for (const e of report.unresolvedImports.slice(0, LIST_LIMIT)) out += `  ${e.from}:${e.line}  '${e.specifier}'\n`;
    out += more(report.unresolvedImports.length);
  }
  if (report.skipped.length > 0) {
    out += `\nskipped: ${report.skipped.length}\n`;
    for (const f of report.skipped.slice(0, LIST_LIMIT)) out += `  ${f.path}: ${f.reason} (${f.detail})\n`;
    out += more(report.skipped.length);
  }
  for (const note of report.notes) out += `note: ${note}\n`;
  out += `\nscore: ${report.score.toFixed(2)}  ${report.compliant ? 'COMPLIANT' : 'NON-COMPLIANT (blocking violations)'}\n`;
  return out;
}

function formatGapReport(report: GapReport): string {
  const k = report.counts;
  let out =
    `\ngaps in ${report.workflowId}: ${k.total} (${k.CRITICAL} critical, ${k.HIGH} high, ${k.MEDIUM} medium, ${k.LOW} low); ` +
    `completion ${report.completionPercent}%, ${report.deployable ? 'deployable' : 'not deployable'}, recovery priority ${report.recoveryPriority}\n`;
  for (const g of report.gaps.slice(0, LIST_LIMIT))
    out += `  ${g.severity.padEnd(8)} ${g.type.padEnd(25)} ${g.id}: expected ${g.expected}; actual ${g.actual}\n`;
  out += more(report.gaps.length);
  if (report.recoveryPlan.steps.length > 0) {
    out += `recovery (${report.recoveryPlan.approach}): ${report.recoveryPlan.summary}\n`;
    for (const step of report.recoveryPlan.steps.slice(0, 10))
      out += `  ${step.order}. [${step.severity}] ${step.action}\n`;
  }
  return out;
}

function formatBatch(batch: BatchGapReport): string {
  let out =
    `\nworkflows: ${batch.workflowsAnalyzed} analysed, ${batch.deployable} deployable, ${batch.needingFixes} need fixes, ` +
    `average completion ${batch.averageCompletionPercent}%; gaps ${batch.totals.all} (${batch.totals.critical} critical, ${batch.totals.high} high)\n`;
  for (const q of batch.recoveryQueue)
    out += `  ${q.workflowId}: priority ${q.priority}, ${q.completionPercent}% complete, ${q.critical} critical, ${q.high} high\n`;
  for (const e of batch.errors) out += `  ${e.workflowId}: not analysed (${e.error})\n`;
  return out;
}

/**
 * `maestro analyze <dir> [--rules rules.yaml] [--format text|json] [--watch]`; resolves to the process exit code.
 * `signal` ends a `--watch` run (the bin aborts it on SIGINT and SIGTERM).
 */
export async function runAnalyzeCommand(
  argv: readonly string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
  signal?: AbortSignal,
): Promise<number> {
  const out: CommandIo = io;
  let args: ParsedArgs;
  try {
    args = parse(argv);
  } catch (error) {
    out.stderr.write(`maestro analyze: ${errorMessage(error)}\n\n${ANALYZE_USAGE}`);
    return 2;
  }
  if (args.help) {
    out.stdout.write(ANALYZE_USAGE);
    return 0;
  }
  const dir = resolve(args.dir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    out.stderr.write(`maestro analyze: not a directory: ${dir}\n`);
    return 2;
  }
  let chosen: { rules: ArchitectureRules; source: string };
  try {
    chosen = chooseRules(dir, args.rulesFile);
  } catch (error) {
    if (error instanceof RulesValidationError) {
      out.stderr.write(`maestro analyze: ${error.message}\n`);
      return 2;
    }
    throw error;
  }

  const analysisOptions = {
    rules: chosen.rules,
    cache: args.cache,
    ...(args.maxCycles !== undefined ? { maxCycles: args.maxCycles } : {}),
  };
  if (args.watch) {
    const last = await watchArchitecture(dir, analysisOptions, chosen.source, args.format, out, signal);
    return signal?.aborted ? interruptedExitCode(signal, out, 'the reports above are complete') : last;
  }
  let architecture: ArchitectureReport;
  let gaps: GapReport | BatchGapReport | undefined;
  try {
    if (args.progress) out.stderr.write(`maestro analyze: analysing ${dir}\n`);
    architecture = await analyzeArchitecture(dir, { ...analysisOptions, ...(signal ? { signal } : {}) });
    if (args.progress)
      out.stderr.write(
        `maestro analyze: analysed ${architecture.counters.filesDiscovered} files in ${Math.round(architecture.durationMs)} ms\n`,
      );
    signal?.throwIfAborted();
    const mode = chooseGapsMode(dir, args.gaps);
    if (mode !== 'off') {
      const workflow = await import('../../engines/gaps/index.js');
      gaps =
        mode === 'single'
          ? await workflow.detectGaps(dir, { cache: args.cache })
          : await workflow.detectGapsInBatch(dir, { cache: args.cache });
    }
    signal?.throwIfAborted();
  } catch (error) {
    if (signal?.aborted) return interruptedExitCode(signal, out);
    throw error;
  }

  const criticalGaps = gaps === undefined ? 0 : 'recoveryQueue' in gaps ? gaps.totals.critical : gaps.counts.CRITICAL;
  const exitCode = architecture.compliant && criticalGaps === 0 ? 0 : 1;
  if (args.format === 'json') {
    out.stdout.write(
      `${JSON.stringify({ rules: chosen.source, architecture, gaps: gaps ?? null, exitCode }, null, 2)}\n`,
    );
  } else {
    let text = formatArchitecture(architecture, chosen.source);
    if (gaps !== undefined) text += 'recoveryQueue' in gaps ? formatBatch(gaps) : formatGapReport(gaps);
    out.stdout.write(text);
  }
  return exitCode;
}

/** 130 for SIGINT, 143 for SIGTERM (the bin puts the signal's name on the abort reason), with one line saying so. */
function interruptedExitCode(signal: AbortSignal, out: CommandIo, what = 'no report written'): number {
  const name = (signal.reason as { signal?: unknown } | undefined)?.signal;
  out.stderr.write(`maestro analyze: stopped by ${typeof name === 'string' ? name : 'an abort'}; ${what}\n`);
  return name === 'SIGTERM' ? 143 : 130;
}

/**
 * `--watch`: one analysis session; after each change (and a short settle) the project is analysed again, looking
 * only at what the watcher reported. Ends when `signal` aborts; returns the last analysis's exit code.
 */
async function watchArchitecture(
  dir: string,
  options: AnalyzeArchitectureOptions,
  rulesSource: string,
  format: 'text' | 'json',
  out: CommandIo,
  signal: AbortSignal | undefined,
): Promise<number> {
  const session = openAnalysisSession(dir, { ...options, ...(signal ? { signal } : {}) });
  let exitCode = 2;
  try {
    for (let round = 1; ; round++) {
      let report: ArchitectureReport;
      try {
        report = await session.analyze();
      } catch (error) {
        if (signal?.aborted) break; // interrupted mid-analysis: the previous round's verdict stands
        throw error;
      }
      exitCode = report.compliant ? 0 : 1;
      if (format === 'json') {
        out.stdout.write(`${JSON.stringify({ round, rules: rulesSource, architecture: report, exitCode })}\n`);
      } else {
        const c = report.counters;
        out.stdout.write(
          `${round === 1 ? '' : '\n'}=== analysis ${round} at ${new Date().toISOString()}: ${Math.round(report.durationMs)} ms, ` +
            `${c.filesScanned} file(s) read, ${c.filesParsed} parsed, ${c.foldersListed} folder(s) listed; watching ${session.watchedFolders} folder(s)\n`,
        );
        out.stdout.write(formatArchitecture(report, rulesSource));
      }
      if (signal?.aborted) break;
      try {
        await session.changed(signal);
        await setTimeout(WATCH_SETTLE_MS, undefined, signal ? { signal } : {});
      } catch (error) {
        if (signal?.aborted) break;
        throw error;
      }
    }
  } finally {
    session.close();
  }
  return exitCode;
}
