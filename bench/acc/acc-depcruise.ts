import { join } from 'node:path';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { runContender, startWorkTimer } from '../core/child-protocol.js';
import { DATA_DIR, PRESENTATION_DIR, cycleGroups, layerViolationPairs, type AccTask } from './acc-task.js';

/**
 * Contender: dependency-cruiser 17 through its API, uncached, with forbidden rules equivalent to ours
 * (presentation must not import data; no circular dependencies), TypeScript pre-compilation dependencies on so
 * type-only imports count as they do in ours, and the code base's tsconfig for resolution.
 */
await runContender<AccTask>(async (task) => {
  const timer = startWorkTimer();
  const tsConfig = extractTSConfig(join(task.root, 'tsconfig.json'));
  const result = await cruise(
    ['src'],
    {
      baseDir: task.root,
      cache: false,
      tsPreCompilationDeps: true,
      doNotFollow: { path: 'node_modules' },
      tsConfig: { fileName: join(task.root, 'tsconfig.json') },
      validate: true,
      ruleSet: {
        forbidden: [
          {
            name: 'ui-not-data',
            severity: 'error',
            from: { path: `^${PRESENTATION_DIR}` },
            to: { path: `^${DATA_DIR}` },
          },
          { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
        ],
      },
    },
    {},
    { tsConfig },
  );
  const { ms, cpuMs } = timer.stop();
  const output = result.output as ICruiseResult;
  const violations = output.summary.violations;
  return {
    ms,
    cpuMs,
    items: task.sourceFiles,
    outcome: {
      cycles: cycleGroups(violations.filter((v) => v.rule.name === 'no-circular').map(cycleOf)),
      violations: layerViolationPairs(
        violations.filter((v) => v.rule.name === 'ui-not-data').map((v) => [v.from, v.to] as const),
      ),
      modules: output.modules.length,
    },
  };
});

/** A circular violation's cycle, starting at its `from` module (dependency-cruiser lists the rest). */
function cycleOf(violation: IViolation): string[] {
  const rest = (violation.cycle ?? []).map((step) => (typeof step === 'string' ? step : step.name));
  return [violation.from, ...rest];
}
