import { z } from 'zod';

/** A run's comparable context (harness/pipeline RunContext), as stored in parts and baselines. */
export const runContextSchema = z.object({
  scale: z.number().positive(),
  workers: z.union([z.number().int().positive(), z.string().min(1)]),
  node: z.string().min(1),
  machine: z.string().min(1),
  commit: z.string().optional(),
  shardCount: z.number().int().positive(),
});

const finiteNumber = z.number().refine(Number.isFinite, 'must be a finite number');
const nonNegative = finiteNumber.refine((n) => n >= 0, 'must be ≥ 0');

/** The figures measured for one test in one run (the test's own measured work). */
export const measuredSchema = z.object({
  wallMs: nonNegative.optional(),
  cpuMs: nonNegative.optional(),
  /** CPU of the test's own thread (perf.repeat: rounds × fastest round); judged when present. */
  threadCpuMs: nonNegative.optional(),
  rssGrowthMb: finiteNumber.optional(),
  heapGrowthMb: finiteNumber.optional(),
  samples: z.number().int().positive().optional(),
  /** The worker's absolute peak RSS: context, never judged. */
  rssPeakMb: nonNegative.optional(),
});

export const perfSampleSchema = z.object({
  key: z.string().min(1),
  name: z.string(),
  measured: measuredSchema,
});

export const failedTestSchema = z.object({ key: z.string().min(1), name: z.string(), status: z.string() });

export const baselinePartSchema = z.object({
  schemaVersion: z.literal(2),
  shard: z.string().min(1),
  createdAt: z.string().min(1),
  runId: z.string().min(1),
  context: runContextSchema,
  samples: z.array(perfSampleSchema),
  failed: z.array(failedTestSchema),
});

export const acceptedRunSchema = z.object({
  runId: z.string().min(1),
  /** When the run's parts were written (the run's date). */
  runAt: z.string().min(1),
  acceptedAt: z.string().min(1),
  context: runContextSchema,
  tests: z.number().int().nonnegative(),
  /** Set when `--force` accepted a run with failures or regressions: what was overridden. */
  forced: z.object({ failures: z.array(z.string()), regressions: z.array(z.string()) }).optional(),
});

export const acceptedSampleSchema = measuredSchema.extend({ runId: z.string().min(1) });

export const baselineFileSchema = z.object({
  schemaVersion: z.literal(2),
  updatedAt: z.string().min(1),
  keep: z.number().int().min(1).max(1000),
  runs: z.array(acceptedRunSchema),
  tests: z.record(z.string(), z.object({ name: z.string(), samples: z.array(acceptedSampleSchema) })),
});

/** Every problem of a parse, one per line, as `field: problem` (e.g. `tests.h-a.samples.0.cpuMs: expected number`). */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((issue) => `${issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.')}: ${issue.message}`)
    .join('; ');
}
