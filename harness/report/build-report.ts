import { spawn } from 'node:child_process';
import { access, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { reportPaths } from '../pipeline/index.js';
import { ReportError } from './report-errors.js';
import { stripAnalyticsInDir } from './strip-analytics.js';

export interface BuildReportOptions {
  /** Folder holding allurerc.* (the Allure config); also the working directory of `allure generate`. */
  readonly projectRoot: string;
  /** Parent of the per-shard results folders. Default `<projectRoot>/reports/allure-results`. */
  readonly resultsRoot?: string;
  /** Default `<projectRoot>/reports/allure-report`. */
  readonly outputDir?: string;
  /** Default: Allure's own lookup of allurerc.* in projectRoot. */
  readonly configPath?: string;
  /** Runs after the results folders are known and before `allure generate` (e.g. result post-processing). */
  readonly beforeGenerate?: (resultsDirs: readonly string[]) => Promise<void>;
  /** Runs after generation and analytics stripping (e.g. adding extra pages to the report folder). */
  readonly afterGenerate?: (outputDir: string) => Promise<void>;
  /** Where Allure's own console output goes. Default 'inherit'. */
  readonly stdio?: 'inherit' | 'ignore';
  readonly signal?: AbortSignal;
}

export interface BuiltReport {
  readonly outputDir: string;
  readonly indexHtml: string;
  readonly resultsDirs: readonly string[];
  /** HTML files from which the analytics script was removed. */
  readonly strippedFiles: readonly string[];
}

/** Every non-empty results folder directly under `resultsRoot` (one per shard), sorted by name. */
export async function listResultsDirs(resultsRoot: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(resultsRoot, { withFileTypes: true });
  } catch {
    return [];
  }
  const dirs: string[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const dir = join(resultsRoot, entry.name);
    if ((await readdir(dir)).length > 0) dirs.push(dir);
  }
  return dirs;
}

function allureCliPath(): string {
  // The package exports only its API entry (dist/index.js); the CLI script sits at the package root.
  const entry = createRequire(import.meta.url).resolve('allure');
  return join(dirname(entry), '..', 'cli.js');
}

function runNode(
  args: readonly string[],
  cwd: string,
  stdio: 'inherit' | 'ignore',
  signal?: AbortSignal,
): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { cwd, stdio, ...(signal === undefined ? {} : { signal }) });
    child.once('error', reject);
    child.once('close', (code, sig) => resolvePromise(code ?? (sig === null ? 1 : 128)));
  });
}

/**
 * Builds one Allure 3 report from every shard's results folder: a single `allure generate` over all of
 * them (per-shard generation would double-count history), then strips the embedded analytics script.
 */
export async function buildReport(options: BuildReportOptions): Promise<BuiltReport> {
  const projectRoot = resolve(options.projectRoot);
  const resultsRoot = resolve(options.resultsRoot ?? reportPaths(projectRoot).allureResults);
  const outputDir = resolve(options.outputDir ?? reportPaths(projectRoot).allureReport);
  const resultsDirs = await listResultsDirs(resultsRoot);
  if (resultsDirs.length === 0)
    throw new ReportError('NO_RESULTS', `no Allure results under ${resultsRoot}: run the tests first`);

  // The report folder is pure output and allure generate does not empty it: stale data files of earlier
  // runs would pile up. Refuse to wipe anything that contains the project or the results.
  for (const precious of [projectRoot, resultsRoot]) {
    if (!relative(outputDir, precious).startsWith('..')) {
      throw new ReportError(
        'GENERATE_FAILED',
        `refusing to use ${outputDir} as report folder: it contains ${precious}`,
      );
    }
  }
  await rm(outputDir, { recursive: true, force: true });

  await options.beforeGenerate?.(resultsDirs);
  const args = [allureCliPath(), 'generate', ...resultsDirs, '--output', outputDir, '--cwd', projectRoot];
  if (options.configPath !== undefined) args.push('--config', resolve(options.configPath));
  const code = await runNode(args, projectRoot, options.stdio ?? 'inherit', options.signal);
  if (code !== 0) throw new ReportError('GENERATE_FAILED', `allure generate exited with code ${code}`);

  const indexHtml = join(outputDir, 'index.html');
  try {
    await access(indexHtml);
  } catch (cause) {
    throw new ReportError('NO_INDEX', `allure generate wrote no ${indexHtml}`, { cause });
  }
  const strippedFiles = await stripAnalyticsInDir(outputDir);
  await options.afterGenerate?.(outputDir);
  return { outputDir, indexHtml, resultsDirs, strippedFiles };
}
