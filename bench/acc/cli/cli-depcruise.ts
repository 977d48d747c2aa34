import type { ICruiseResult, IViolation } from 'dependency-cruiser';
import { runContender } from '../../core/child-protocol.js';
import { cycleGroups, layerViolationPairs } from '../acc-task.js';
import { DEPCRUISE_BIN, parseReport, runCli, type AccCliTask } from './cli-task.js';

/** Contender: `depcruise <dirs> --config <equivalent rules> --output-type json` from node_modules, one whole process. */
await runContender<AccCliTask>(async (task) => {
  const run = await runCli(
    [DEPCRUISE_BIN, ...task.sourceDirs, '--config', task.depcruiseConfig, '--output-type', 'json'],
    task.root,
  );
  const output = parseReport(run, 'depcruise') as ICruiseResult;
  const violations = output.summary.violations;
  const cycles = cycleGroups(violations.filter((v) => v.rule.name === 'no-circular').map(cycleOf));
  return {
    ms: run.ms,
    cpuMs: run.cpuMs,
    peakRssMb: run.peakRssMb,
    items: task.sourceFiles,
    outcome: task.layered
      ? {
          cycles,
          violations: layerViolationPairs(
            violations.filter((v) => v.rule.name === 'ui-not-data').map((v) => [v.from, v.to] as const),
          ),
        }
      : { cycles },
  };
});

function cycleOf(violation: IViolation): string[] {
  const rest = (violation.cycle ?? []).map((step) => (typeof step === 'string' ? step : step.name));
  return [violation.from, ...rest];
}
