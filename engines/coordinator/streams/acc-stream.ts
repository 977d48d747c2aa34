import path from 'node:path';
import {
  analyzeArchitecture,
  loadArchitectureRules,
  type ArchitectureReport,
  type ArchitectureRules,
  type Violation,
} from '../../acc/index.js';
import { StreamInputError } from '../errors.js';
import type { ValidationStream } from '../types.js';

export interface AccStreamOptions {
  /** Root of the code base to analyse. */
  readonly root: string;
  /** Parsed rules, or a YAML rules file; default: the original Maestro's components and rules. */
  readonly rules?: ArchitectureRules | string;
  readonly tsconfig?: string;
  readonly exclude?: readonly string[];
  /**
   * Content-hash cache folder. Default: inside the stream's workspace, so the analysed tree is never written to;
   * point it somewhere stable to make the next run incremental.
   */
  readonly cacheDir?: string;
  /** How many violations to list in the details. Default 50. */
  readonly maxListedViolations?: number;
}

export interface AccDetails {
  readonly root: string;
  readonly compliant: boolean;
  readonly score: number;
  readonly violationCount: number;
  readonly bySeverity: ArchitectureReport['summary']['bySeverity'];
  readonly violations: readonly Pick<Violation, 'ruleId' | 'severity' | 'message' | 'sourceFile' | 'line'>[];
  readonly cycles: number;
  readonly filesScanned: number;
  readonly durationMs: number;
}

/**
 * ACC stream: analyses a code base's architecture with the ACC engine. A missing root or an invalid rules file
 * is bad input; the stream passes when the code base is compliant (no active blocking violation).
 */
export function createAccStream(options: AccStreamOptions): ValidationStream<AccDetails> {
  return {
    name: 'ACC',
    async run(context) {
      let rules: ArchitectureRules | undefined;
      try {
        rules = typeof options.rules === 'string' ? loadArchitectureRules(options.rules) : options.rules;
      } catch (error) {
        throw asInputError(error);
      }
      let report: ArchitectureReport;
      try {
        report = await analyzeArchitecture(options.root, {
          signal: context.signal,
          cacheDir: options.cacheDir ?? path.join(context.workspaceDir, 'acc-cache'),
          ...(rules === undefined ? {} : { rules }),
          ...(options.tsconfig === undefined ? {} : { tsconfig: options.tsconfig }),
          ...(options.exclude === undefined ? {} : { exclude: options.exclude }),
        });
      } catch (error) {
        throw asInputError(error);
      }
      const blocking = report.summary.bySeverity.blocking;
      return {
        passed: report.compliant,
        summary: report.compliant
          ? `architecture compliant (score ${report.score.toFixed(2)}, ${report.summary.total} non-blocking findings)`
          : `architecture not compliant: ${blocking} blocking violation${blocking === 1 ? '' : 's'} (score ${report.score.toFixed(2)})`,
        details: {
          root: report.root,
          compliant: report.compliant,
          score: report.score,
          violationCount: report.summary.total,
          bySeverity: report.summary.bySeverity,
          violations: report.violations
            .slice(0, options.maxListedViolations ?? 50)
            .map(({ ruleId, severity, message, sourceFile, line }) => ({
              ruleId,
              severity,
              message,
              sourceFile,
              line,
            })),
          cycles: report.cycles.stronglyConnected.length,
          filesScanned: report.counters.filesScanned,
          durationMs: report.durationMs,
        },
      };
    },
  };
}

function asInputError(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === 'ACC_ROOT_NOT_FOUND' || code === 'ACC_RULES_INVALID') {
    return new StreamInputError((error as Error).message, { cause: error });
  }
  return error;
}
