import type { z } from 'zod';
import type {
  acceptedRunSchema,
  acceptedSampleSchema,
  baselineFileSchema,
  baselinePartSchema,
  measuredSchema,
  perfSampleSchema,
  runContextSchema,
} from './schema.js';

export type StoredRunContext = z.infer<typeof runContextSchema>;
/** What one test's measured work cost in one run (cf. MeasuredWork in harness/trends/run-record.ts), plus the worker's RSS as context. */
export type MeasuredFigures = z.infer<typeof measuredSchema>;
export type PerfSample = z.infer<typeof perfSampleSchema>;
export type BaselinePart = z.infer<typeof baselinePartSchema>;
export type AcceptedRun = z.infer<typeof acceptedRunSchema>;
export type AcceptedSample = z.infer<typeof acceptedSampleSchema>;
export type BaselineFile = z.infer<typeof baselineFileSchema>;
export type TestBaseline = BaselineFile['tests'][string];
