import { analyzeArchitecture, parseArchitectureRules } from '../../engines/acc/index.js';
import { runContender, startWorkTimer } from '../core/child-protocol.js';
import { ACC_RULES_YAML, cycleGroups, layerViolationPairs, type AccTask } from './acc-task.js';

/** Contender: our ACC engine, full analysis with the cache off (every file read and lexed). */
await runContender<AccTask>(async (task) => {
  const timer = startWorkTimer();
  const report = await analyzeArchitecture(task.root, { rules: parseArchitectureRules(ACC_RULES_YAML), cache: false });
  const { ms, cpuMs } = timer.stop();
  const callViolations = report.violations.filter((v) => v.ruleType === 'MUST_NOT_CALL');
  return {
    ms,
    cpuMs,
    items: task.sourceFiles,
    outcome: {
      cycles: cycleGroups(report.cycles.stronglyConnected),
      violations: layerViolationPairs(callViolations.map((v) => [v.sourceFile ?? '', v.targetFile ?? ''] as const)),
      filesRead: report.counters.filesScanned,
      importReferences: report.counters.edges,
      cycleViolations: report.violations.filter((v) => v.ruleType === 'NO_CYCLES').length,
    },
  };
});
