import { WorkflowExecutor, type WorkflowDefinition } from './index.js';
import { createSeededRandom } from './seeded-random.js';
const rand = createSeededRandom(1);
const W = Number(process.argv[2] ?? 10000), N = 20;
const defs: WorkflowDefinition[] = [];
const noop = () => undefined;
for (let w = 0; w < W; w++) {
  const nodes = [];
  for (let i = 0; i < N; i++) {
    const deps: string[] = [];
    for (let j = 0; j < i; j++) if (rand() < 0.15) deps.push(`n${j}`);
    nodes.push({ id: `n${i}`, executor: noop, dependsOn: deps });
  }
  defs.push({ id: `w${w}`, nodes });
}
async function floor() {
  const t = performance.now();
  await Promise.all(defs.map(async (d) => {
    const ps: Promise<unknown>[] = [];
    for (const n of d.nodes) {
      const deps = (n.dependsOn ?? []).map((id) => ps[Number(id.slice(1))]!);
      ps.push(Promise.all(deps).then(() => n.executor!({} as never, undefined as never)));
    }
    await Promise.all(ps);
  }));
  return performance.now() - t;
}
async function engine() {
  const ex = new WorkflowExecutor();
  const t = performance.now();
  await Promise.all(defs.map((d) => ex.run(d)));
  return performance.now() - t;
}
for (let r = 0; r < 3; r++) {
  const f = await floor(); const e = await engine();
  console.log(`floor ${f.toFixed(0)}ms engine ${e.toFixed(0)}ms ratio ${(e / f).toFixed(2)} per-node ${(e * 1000 / (W * N)).toFixed(2)}us rss ${(process.memoryUsage().rss/1e6).toFixed(0)}MB`);
}
import { compileWorkflow } from './compile-workflow.js';
{ const t = performance.now(); for (const d of defs) compileWorkflow(d); console.log('compile', (performance.now() - t).toFixed(0)); }
