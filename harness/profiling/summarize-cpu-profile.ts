import { fileURLToPath } from 'node:url';
import type { CpuProfile, CpuProfileCallFrame, CpuProfileNode } from './cpu-profile.js';
import { ProfilingError } from './errors.js';

/** One function's share of the profile (all its call sites merged). */
export interface ProfiledFunction {
  readonly functionName: string;
  /** `path:line:column` (1-based), or `(native)` for built-ins without a script. */
  readonly location: string;
  readonly url: string;
  /** 1-based, as editors count. */
  readonly line: number;
  readonly column: number;
  /** Time sampled while this function itself was on top of the stack. */
  readonly selfMs: number;
  readonly selfPercent: number;
  /** Time sampled while this function was anywhere on the stack (counted once per sample, even when recursive). */
  readonly totalMs: number;
  readonly totalPercent: number;
}

export interface CpuProfileSummary {
  /** endTime - startTime. */
  readonly durationMs: number;
  readonly sampleCount: number;
  /** Sampled time the thread was idle, in (program) (V8 native work outside JS) and in the garbage collector. */
  readonly idleMs: number;
  readonly programMs: number;
  readonly gcMs: number;
  /** Top functions by self time (idle, program, GC and root excluded), highest first. */
  readonly top: readonly ProfiledFunction[];
}

const PSEUDO_FRAMES = new Set(['(root)', '(idle)', '(program)', '(garbage collector)']);

/**
 * Top functions of a V8 CPU profile by self time, with `file:line:column` (1-based). Times come from the sample
 * time deltas (exact per sample), not `hitCount × interval`, so a profile with an irregular sampling rate still
 * adds up: self times of all frames plus idle, program and GC equal the sampled time.
 */
export function summarizeCpuProfile(profile: CpuProfile, topN = 20): CpuProfileSummary {
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  if (samples.length !== deltas.length) {
    throw new ProfilingError(
      'PROFILING_BAD_PROFILE',
      `profile has ${samples.length} samples but ${deltas.length} time deltas`,
    );
  }
  const byId = new Map<number, CpuProfileNode>(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const selfUs = new Map<string, number>();
  const totalUs = new Map<string, number>();
  const frames = new Map<string, CpuProfileCallFrame>();
  const pseudo: Record<string, number> = {};
  let sampledUs = 0;
  // timeDeltas[i] is the interval that ended with sample i; each sample is credited with it, as DevTools does.
  samples.forEach((nodeId, index) => {
    const delta = Math.max(0, deltas[index] ?? 0);
    sampledUs += delta;
    const node = byId.get(nodeId);
    if (node === undefined)
      throw new ProfilingError('PROFILING_BAD_PROFILE', `sample ${index} names unknown node ${nodeId}`);
    if (PSEUDO_FRAMES.has(node.callFrame.functionName)) {
      pseudo[node.callFrame.functionName] = (pseudo[node.callFrame.functionName] ?? 0) + delta;
      return;
    }
    const key = functionKey(node.callFrame);
    frames.set(key, node.callFrame);
    selfUs.set(key, (selfUs.get(key) ?? 0) + delta);
    const onStack = new Set<string>();
    for (let id: number | undefined = nodeId; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)?.callFrame;
      if (frame === undefined || PSEUDO_FRAMES.has(frame.functionName)) continue;
      const frameKey = functionKey(frame);
      frames.set(frameKey, frame);
      onStack.add(frameKey);
    }
    for (const frameKey of onStack) totalUs.set(frameKey, (totalUs.get(frameKey) ?? 0) + delta);
  });

  const percent = (us: number): number => (sampledUs === 0 ? 0 : (100 * us) / sampledUs);
  const top = [...selfUs]
    .sort(([keyA, a], [keyB, b]) => b - a || keyA.localeCompare(keyB))
    .slice(0, topN)
    .map(([key, self]): ProfiledFunction => {
      const frame = frames.get(key) as CpuProfileCallFrame;
      const total = totalUs.get(key) ?? self;
      return {
        functionName: frame.functionName === '' ? '(anonymous)' : frame.functionName,
        location: describeLocation(frame),
        url: frame.url,
        line: frame.lineNumber + 1,
        column: frame.columnNumber + 1,
        selfMs: self / 1000,
        selfPercent: percent(self),
        totalMs: total / 1000,
        totalPercent: percent(total),
      };
    });
  return {
    durationMs: (profile.endTime - profile.startTime) / 1000,
    sampleCount: samples.length,
    idleMs: (pseudo['(idle)'] ?? 0) / 1000,
    programMs: (pseudo['(program)'] ?? 0) / 1000,
    gcMs: (pseudo['(garbage collector)'] ?? 0) / 1000,
    top,
  };
}

/** A plain-text table of the summary, for an attachment or a terminal. */
export function formatCpuProfileSummary(summary: CpuProfileSummary): string {
  const lines = [
    `CPU profile: ${summary.durationMs.toFixed(1)} ms, ${summary.sampleCount} samples ` +
      `(idle ${summary.idleMs.toFixed(1)} ms, program ${summary.programMs.toFixed(1)} ms, GC ${summary.gcMs.toFixed(1)} ms)`,
    '',
    `${'self ms'.padStart(10)} ${'self %'.padStart(7)} ${'total ms'.padStart(10)}  function  location`,
  ];
  for (const fn of summary.top) {
    lines.push(
      `${fn.selfMs.toFixed(1).padStart(10)} ${fn.selfPercent.toFixed(1).padStart(7)} ${fn.totalMs.toFixed(1).padStart(10)}  ${fn.functionName}  ${fn.location}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function functionKey(frame: CpuProfileCallFrame): string {
  return `${frame.functionName}\u0000${frame.url}\u0000${frame.lineNumber}\u0000${frame.columnNumber}`;
}

function describeLocation(frame: CpuProfileCallFrame): string {
  if (frame.url === '') return '(native)';
  const file = frame.url.startsWith('file://') ? safeFilePath(frame.url) : frame.url;
  return `${file}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
}

function safeFilePath(url: string): string {
  try {
    return fileURLToPath(url);
  } catch {
    return url;
  }
}
