import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { analyzeArchitecture, rulesFromData } from '../../engines/acc/index.js';
import { createStepRegistry, loadFeatures, runPickles, World, type WorldOptions } from '../../engines/bdv/index.js';
import { defineWorkflow, WorkflowExecutor } from '../../engines/dag/index.js';
import {
  STEP_VOCABULARY,
  createVocabularyWorld,
  generateFeatureSuite,
  generateLayeredDag,
  writeFeatureSuite,
  writeLayeredCodebase,
} from '../../harness/generators/index.js';
import { ACC_RULES_YAML, injectedProblems } from '../acc/acc-task.js';
import { toVocabularyArgument } from '../bdv/bdv-task.js';

/** One of the suite's kinds of measured work, prepared once and run many times in this process. */
export interface VerdictWorkload {
  readonly name: string;
  /** The measured work itself (what a spec wraps in perf.time). Throws if the engine did not do the work. */
  run(): Promise<void>;
}

class VocabularyWorld extends World {
  readonly state = createVocabularyWorld();
  constructor(options: WorldOptions) {
    super(options);
  }
}

/**
 * The real engines on seeded inputs, sized like the quick suite's tests (tens to hundreds of ms of CPU each): DAG
 * workflows, a BDV feature suite, an architecture analysis, plus the plain CPU, allocation and file work the
 * resource-limit tests do. Inputs are written under `workDir`.
 */
export async function prepareWorkloads(
  workDir: string,
  seed: number,
  options: { write: boolean } = { write: true },
): Promise<VerdictWorkload[]> {
  const featuresDir = join(workDir, 'features');
  const featureOptions = { scenarios: 150, seed, failingScenarios: 0 };
  const features = options.write
    ? await writeFeatureSuite(featuresDir, featureOptions)
    : generateFeatureSuite(featureOptions).manifest;
  const codebase = join(workDir, 'codebase');
  if (options.write) await writeLayeredCodebase(codebase, { files: 250, seed, ...injectedProblems(250) });
  const rules = rulesFromData(parseYaml(ACC_RULES_YAML) as unknown);
  const shapes = Array.from({ length: 12 }, (_, i) =>
    generateLayeredDag({ nodes: 120, layers: 8, maxDependencies: 3, seed: seed + i }),
  );
  const ioDir = join(workDir, 'io');

  return [
    {
      name: 'dag: 12 workflows x 120 nodes',
      run: async () => {
        let ran = 0;
        const executor = new WorkflowExecutor();
        const definitions = shapes.map((shape, w) => {
          let builder = defineWorkflow(`wf-${w}`);
          for (const node of shape)
            builder = builder.node(node.id, async () => void ran++, { dependsOn: node.dependsOn });
          return builder.build();
        });
        const results = await Promise.all(definitions.map((d) => executor.run(d)));
        if (ran !== 12 * 120 || results.some((r) => r.status !== 'COMPLETED'))
          throw new Error(`dag workload ran ${ran} nodes`);
      },
    },
    {
      name: `bdv: ${features.pickles} scenarios`,
      run: async () => {
        const registry = createStepRegistry();
        registry.api.setWorldConstructor(VocabularyWorld);
        for (const step of STEP_VOCABULARY) {
          registry.api[step.keyword](step.pattern, function (this: VocabularyWorld, ...args: unknown[]) {
            step.run(this.state, args.map(toVocabularyArgument));
          });
        }
        const report = await runPickles(await loadFeatures([featuresDir]), { registry });
        if (report.scenarios.length !== features.pickles)
          throw new Error(`bdv workload ran ${report.scenarios.length} scenarios`);
      },
    },
    {
      name: 'acc: 250-file code base',
      run: async () => {
        const report = await analyzeArchitecture(codebase, { rules, cache: false });
        if (report.counters.filesScanned < 250)
          throw new Error(`acc workload read ${report.counters.filesScanned} files`);
      },
    },
    {
      name: 'cpu: sha256 of 16 MB',
      run: async () => {
        const block = Buffer.alloc(1024 * 1024, 7);
        const hash = createHash('sha256');
        for (let i = 0; i < 16; i++) hash.update(block);
        if (hash.digest('hex').length !== 64) throw new Error('hash');
        await Promise.resolve();
      },
    },
    {
      name: 'memory: 15 MB of objects',
      run: async () => {
        const items: { id: number; label: string; tags: number[] }[] = [];
        for (let i = 0; i < 100_000; i++) items.push({ id: i, label: `item-${i}`, tags: [i, i + 1, i + 2] });
        const json = JSON.stringify(items);
        if (JSON.parse(json).length !== items.length) throw new Error('json');
        await Promise.resolve();
      },
    },
    {
      name: 'io: write and read 200 files',
      run: async () => {
        await rm(ioDir, { recursive: true, force: true });
        await mkdir(ioDir, { recursive: true });
        const body = 'x'.repeat(16 * 1024);
        await Promise.all(Array.from({ length: 200 }, (_, i) => writeFile(join(ioDir, `f${i}.txt`), body)));
        const sizes = await Promise.all(
          Array.from({ length: 200 }, async (_, i) => (await readFile(join(ioDir, `f${i}.txt`), 'utf8')).length),
        );
        if (sizes.some((s) => s !== body.length)) throw new Error('io');
      },
    },
  ];
}
