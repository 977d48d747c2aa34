// Module loading is outside every contender's clock: engines/acc loads ajv lazily (so `maestro analyze` without a
// rules file starts fast), which would put ajv's load inside our timed work; dependency-cruiser's validators are
// loaded with its static imports. The schema compile and the validation stay inside the clock.
import 'ajv';
import { parse as parseYaml } from 'yaml';
import { analyzeArchitecture, rulesFromData } from '../../engines/acc/index.js';
import { runContender, startWorkTimer } from '../core/child-protocol.js';
import { ACC_RULES_YAML, architectureFindings, type AccTask } from './acc-task.js';

/**
 * Contender: our ACC engine, full analysis with the cache off (every file read and lexed). Like
 * dependency-cruiser's contender, which receives its rule set as an object, ours gets its rules already loaded
 * (the YAML text parsed by the `yaml` package before the clock starts); each validates its rules against its
 * schema inside the timed work.
 */
await runContender<AccTask>(async (task) => {
  const rulesData: unknown = parseYaml(ACC_RULES_YAML);
  const timer = startWorkTimer();
  const report = await analyzeArchitecture(task.root, { rules: rulesFromData(rulesData), cache: false });
  const { ms, cpuMs } = timer.stop();
  return {
    ms,
    cpuMs,
    items: task.sourceFiles,
    outcome: {
      ...architectureFindings(report),
      filesRead: report.counters.filesScanned,
      importReferences: report.counters.edges,
      cycleViolations: report.violations.filter((v) => v.ruleType === 'NO_CYCLES').length,
    },
  };
});
