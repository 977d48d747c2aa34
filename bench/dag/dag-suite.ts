import { fileURLToPath } from 'node:url';
import type { WorkloadPlan, BenchSizes } from '../core/workload-plan.js';
import { DAG_AGREEMENT_KEYS, type DagTask } from './dag-task.js';

const entry = (name: string): string => fileURLToPath(new URL(`./${name}.ts`, import.meta.url));

/** DAG: our executor vs p-graph vs a bare promise chain, all on the same seeded layered DAGs (no-op nodes). */
export function planDagWorkloads(sizes: BenchSizes, seed: number): WorkloadPlan[] {
  const { workflows, nodesPerWorkflow } = sizes.dag;
  const task: DagTask = { workflows, nodesPerWorkflow, layers: 5, seed };
  const keys = [...DAG_AGREEMENT_KEYS];
  return [
    {
      suite: 'dag',
      workload: `${workflows.toLocaleString('en-US')} x ${nodesPerWorkflow}-node DAGs`,
      unit: 'nodes',
      showPerItem: true,
      task,
      expected: { nodesRun: workflows * nodesPerWorkflow, workflowsCompleted: workflows, orderViolations: 0 },
      contenders: [
        { tool: 'maestro dag', role: 'ours', entry: entry('dag-ours'), agreementKeys: keys },
        { tool: 'p-graph', role: 'peer', entry: entry('dag-p-graph'), agreementKeys: keys },
        { tool: 'promise-chain floor', role: 'floor', entry: entry('dag-floor'), agreementKeys: keys },
      ],
      goals: [
        { kind: 'ours-within-floor', factor: 2 },
        { kind: 'ours-faster-than', peer: 'p-graph', factor: 3 },
      ],
    },
  ];
}
