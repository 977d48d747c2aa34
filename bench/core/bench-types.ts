/** A value a contender reports about what it computed; compared across contenders before any ratio is shown. */
export type OutcomeValue = number | string | readonly string[];

/** What a contender found, keyed by fact (e.g. `nodesRun`, `scenariosPassed`, `cycles`). */
export type Outcome = Readonly<Record<string, OutcomeValue>>;

/** One repetition, as reported by the contender's own child process. */
export interface ChildMeasurement {
  /** Wall time of the work only (process start-up and module loading excluded), from performance.now(). */
  readonly ms: number;
  /** CPU time (user + system, all threads) the process spent over the same span: steadier than wall time on a loaded machine. */
  readonly cpuMs: number;
  /** Work units done (nodes run, scenarios executed, files analysed). */
  readonly items: number;
  /** `process.resourceUsage().maxRSS` of the child at exit, in MB: its peak resident set. */
  readonly peakRssMb: number;
  readonly outcome: Outcome;
}

export type ContenderRole = 'ours' | 'peer' | 'floor';

/** A contender's repetitions on one workload, or why it could not run. */
export interface ContenderRun {
  readonly tool: string;
  readonly role: ContenderRole;
  readonly workload: string;
  readonly measurements: readonly ChildMeasurement[];
  /** Set when a repetition crashed, timed out or printed no result. */
  readonly error?: string;
}

export type GoalVerdict = 'PASS' | 'MISS' | 'N/A';

/** A speed or memory goal from the issues, judged on one row; N/A when the rows it needs disagree or failed. */
export interface Goal {
  readonly label: string;
  readonly verdict: GoalVerdict;
}

export type Agreement = 'agree' | 'disagree' | 'reference' | 'n/a';

export interface BenchRow {
  readonly tool: string;
  readonly role: ContenderRole;
  readonly workload: string;
  readonly runs: number;
  readonly medianMs: number | undefined;
  readonly medianCpuMs: number | undefined;
  readonly throughput: string;
  readonly peakRssMb: number | undefined;
  /** This row's median over ours (how many times slower than ours); undefined when results disagree. */
  readonly ratioToOurs: number | undefined;
  readonly ratioToFloor: number | undefined;
  /** The same ratios over median CPU time. */
  readonly cpuRatioToOurs: number | undefined;
  readonly cpuRatioToFloor: number | undefined;
  readonly agreement: Agreement;
  readonly differences: readonly string[];
  readonly goals: readonly Goal[];
  readonly error?: string;
}
