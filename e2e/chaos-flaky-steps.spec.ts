/**
 * Chaos spec of the BDV flake detector: injected flaky, always-failing and stable steps (CHAOS-04).
 * Run them alone with `npx playwright test --grep @chaos`.
 */
import {
  createFeatureSet,
  createStepRegistry,
  detectFlakes,
  emptyQuarantine,
  flakeRate,
  quarantinedKeys,
} from '../engines/bdv/index.js';
import { withChaos, type ChaosTask } from '../harness/chaos/index.js';
import { expect, test } from '../harness/index.js';
import { createSeededRandom, type Task } from '../harness/resilience/index.js';
import { attachJson } from './support/attach-json.js';
import { TAGS, describeChaos } from './chaos/describe-chaos.js';

describeChaos('CHAOS-04', 'Flake detection under injected faults', 'normal', () => {
  test(
    'CHAOS-04: the BDV flake detector classifies injected flaky, always-failing and stable steps',
    { tag: TAGS },
    async ({ perf, seed }) => {
      const runs = 40;
      const flakyRates = [20, 35, 50];
      perf.setBudgets({ maxDurationMs: 60_000, minCounters: { scenarioRuns: runs * (flakyRates.length + 2) } });
      const remote: Task<string> = () => Promise.resolve('PONG');
      const injectors = new Map<number, ChaosTask<string>>();
      const injectorFor = (percent: number): ChaosTask<string> => {
        let task = injectors.get(percent);
        if (task === undefined) {
          // One seeded source per injector: its fault sequence does not depend on how scenarios interleave.
          task = withChaos(remote, { errorRate: percent / 100 }, createSeededRandom(seed + percent));
          injectors.set(percent, task);
        }
        return task;
      };
      const registry = createStepRegistry();
      registry.api.Given('a remote call that fails {int}% of the time', async (percent: number) => {
        perf.count('scenarioRuns');
        const reply = await injectorFor(percent)(AbortSignal.timeout(5_000));
        if (reply !== 'PONG') throw new Error(`unexpected reply ${reply}`);
      });
      const feature = [
        'Feature: Flaky remotes',
        '  Scenario: stable remote',
        '    Given a remote call that fails 0% of the time',
        ...flakyRates.flatMap((rate) => [
          `  Scenario: flaky remote ${rate}`,
          `    Given a remote call that fails ${rate}% of the time`,
        ]),
        '  Scenario: broken remote',
        '    Given a remote call that fails 100% of the time',
        '',
      ].join('\n');
      const features = createFeatureSet({ 'chaos/flaky.feature': feature });

      const flakes = await perf.time(() => detectFlakes(features, { registry, runs, quarantine: emptyQuarantine() }));
      const byName = new Map(flakes.verdicts.map((verdict) => [verdict.name, verdict]));
      await attachJson('chaos-04-flakes.json', {
        seed,
        runs,
        verdicts: flakes.verdicts.map(({ name, passed, passRate, flakeRate: rate, classification }) => ({
          name,
          passed,
          passRate,
          flakeRate: rate,
          classification,
        })),
        injected: Object.fromEntries([...injectors].map(([percent, task]) => [percent, task.stats()])),
      });

      expect(flakes.verdicts).toHaveLength(flakyRates.length + 2);
      expect(byName.get('stable remote')).toMatchObject({ classification: 'STABLE', passed: runs });
      expect(byName.get('broken remote')).toMatchObject({ classification: 'CONSISTENTLY_FAILING', passed: 0 });
      for (const rate of flakyRates) {
        const verdict = byName.get(`flaky remote ${rate}`);
        const injected = injectorFor(rate).stats();
        // The detector counted exactly the failures the injector caused...
        expect(injected.calls).toBe(runs);
        expect(verdict?.passed).toBe(runs - injected.errors);
        expect(verdict?.classification).toBe('FLAKY');
        expect(verdict?.flakeRate).toBeCloseTo(flakeRate((runs - injected.errors) / runs), 10);
        // ...and the injector failed at its configured rate (within 4.5 binomial standard deviations).
        const p = rate / 100;
        expect(Math.abs(injected.errors / runs - p)).toBeLessThanOrEqual(4.5 * Math.sqrt((p * (1 - p)) / runs));
        perf.addItems();
      }
      expect(flakes.counts).toEqual({ STABLE: 1, FLAKY: flakyRates.length, CONSISTENTLY_FAILING: 1, QUARANTINED: 0 });
      expect([...quarantinedKeys(flakes.quarantine)].sort()).toEqual(
        flakyRates.map((rate) => byName.get(`flaky remote ${rate}`)?.key).sort(),
      );
    },
  );
});
