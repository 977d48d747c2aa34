import type { ArchitectureReport } from '../../../engines/acc/index.js';
import { runContender } from '../../core/child-protocol.js';
import { architectureFindings } from '../acc-task.js';
import { MAESTRO_BIN, REPO_ROOT, assertCompiledBinFresh, parseReport, runCli, type AccCliTask } from './cli-task.js';

/** Contender: `maestro analyze <root> --rules <file> --format json --no-cache`, the compiled bin, one whole process. */
await runContender<AccCliTask>(async (task) => {
  assertCompiledBinFresh();
  const run = await runCli(
    [MAESTRO_BIN, 'analyze', task.root, '--rules', task.rulesFile, '--format', 'json', '--no-cache', '--gaps', 'off'],
    REPO_ROOT,
  );
  const report = parseReport(run, 'maestro analyze') as { architecture: ArchitectureReport };
  const findings = architectureFindings(report.architecture);
  return {
    ms: run.ms,
    cpuMs: run.cpuMs,
    peakRssMb: run.peakRssMb,
    items: task.sourceFiles,
    outcome: task.layered ? findings : { cycles: findings.cycles },
  };
});
