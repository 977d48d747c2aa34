import { join } from 'node:path';
import { buildReport, type BuiltReport } from '../../report/index.js';
import { createQaReportHooks } from '../../pipeline/post-run/index.js';
import { writeFixedHistory, writeFixedResults } from './fixed-runs.js';

/**
 * Builds the Allure report of the fixed runs in `dir` the way `npm run report` does (the QA hooks, the
 * project's own allurerc.ts): runs 1–3 are already in the history, runs 4 and 5 are generated in turn, so
 * Allure's own history holds run 4 when run 5 is built. Returns run 5's report.
 */
export async function buildFixedReport(dir: string, configPath: string): Promise<BuiltReport> {
  await writeFixedHistory(join(dir, 'reports', 'history', 'runs.jsonl'));
  const { run4, run5 } = await writeFixedResults(join(dir, 'results'));
  let built: BuiltReport | undefined;
  for (const resultsRoot of [run4, run5]) {
    const hooks = createQaReportHooks({ projectRoot: dir, lastN: 10 });
    built = await buildReport({
      projectRoot: dir,
      resultsRoot,
      configPath,
      stdio: 'ignore',
      beforeGenerate: hooks.beforeGenerate,
      afterGenerate: hooks.afterGenerate,
    });
  }
  if (built === undefined) throw new Error('no run was built');
  return built;
}
