import { mkdir } from 'node:fs/promises';
import { writeFileAtomic } from '../../engines/common/index.js';
import { join } from 'node:path';
import { downsampleTimeline } from '../report/index.js';
import { formatDuration } from './parse-duration.js';
import type { SoakResult } from './run-soak.js';
import { escapeHtml, renderLineChart, type ChartPoint, type ChartSeries } from '../markup/index.js';

export interface SoakReportFiles {
  readonly dir: string;
  readonly summary: string;
  readonly html: string;
  readonly charts: readonly string[];
}

const MB = 1024 * 1024;
const MAX_POINTS = 600;

/**
 * Writes the soak's evidence to `dir`: `soak-summary.json` (totals, per-load figures, the leak verdict and the
 * downsampled series), `memory.svg` (RSS, heap and post-GC heap with the fitted slope), `event-loop.svg`,
 * `error-rate.svg`, and `index.html` linking them. Files are replaced atomically (write, then rename).
 */
export async function writeSoakReport(result: SoakResult, dir: string): Promise<SoakReportFiles> {
  await mkdir(dir, { recursive: true });
  const timeline = downsampleTimeline(result.monitor.timeline, MAX_POINTS);
  const sec = (ms: number): number => ms / 1000;
  const heap = thin(
    result.heapSamples.map((s) => ({ x: sec(s.atMs), y: s.heapUsedBytes / MB })),
    MAX_POINTS,
  );
  const leak = result.leak;

  const fitSeries: ChartPoint[] =
    leak.slopeMbPerMin === undefined || leak.interceptMb === undefined
      ? []
      : [
          { x: sec(leak.windowStartMs), y: leak.interceptMb },
          {
            x: sec(result.durationMs),
            y: leak.interceptMb + (leak.slopeMbPerMin * (result.durationMs - leak.windowStartMs)) / 60_000,
          },
        ];
  const memorySvg = timeChart({
    title: 'Memory over the soak',
    subtitle: `leak check: ${leak.status} — ${leak.reason}${result.gcForced ? '' : ' (no forced GC: heap samples include garbage)'}`,
    yUnit: 'MB',
    series: [
      { name: 'RSS', color: '#1c7ed6', points: timeline.map((p) => ({ x: sec(p.atMs), y: p.rssBytes / MB })) },
      {
        name: 'heap used',
        color: '#94d82d',
        points: timeline.map((p) => ({ x: sec(p.atMs), y: p.heapUsedBytes / MB })),
      },
      { name: 'heap after GC', color: '#2b8a3e', points: heap },
      {
        name: `fit ${leak.slopeMbPerMin === undefined ? 'n/a' : `${leak.slopeMbPerMin.toFixed(3)} MB/min`}`,
        color: '#e03131',
        points: fitSeries,
        dashed: true,
      },
    ],
  });
  const loopSvg = timeChart({
    title: 'Event-loop delay',
    subtitle: `mean ${result.monitor.summary.eventLoop.meanMs.toFixed(2)} ms, p99 ${result.monitor.summary.eventLoop.p99Ms.toFixed(2)} ms, max ${result.monitor.summary.eventLoop.maxMs.toFixed(1)} ms`,
    yUnit: 'ms',
    series: [
      {
        name: 'max delay',
        color: '#c2255c',
        points: timeline.map((p) => ({ x: sec(p.atMs), y: p.eventLoopDelayMaxMs })),
      },
      {
        name: 'mean delay',
        color: '#868e96',
        points: timeline.map((p) => ({ x: sec(p.atMs), y: p.eventLoopDelayMeanMs })),
      },
    ],
  });
  const errorSvg = timeChart({
    title: 'Error rate',
    subtitle: `${result.errors} errors in ${result.operations} operations (${(100 * result.errorRate).toFixed(3)} %)`,
    yUnit: '% of operations',
    series: [
      {
        name: 'error rate',
        color: '#e8590c',
        points: thin(
          result.errorWindows.map((w) => ({
            x: sec(w.atMs),
            y: w.operations === 0 ? 0 : (100 * w.errors) / w.operations,
          })),
          MAX_POINTS,
        ),
      },
    ],
  });

  const summary = {
    seed: result.seed,
    startedAt: result.startedAt,
    requestedDuration: formatDuration(result.requestedDurationMs),
    durationMs: result.durationMs,
    aborted: result.aborted,
    iterations: result.iterations,
    operations: result.operations,
    errors: result.errors,
    errorRate: result.errorRate,
    byKind: result.byKind,
    failures: result.failures,
    leak: result.leak,
    gcForced: result.gcForced,
    injectedLeakMbPerMin: result.injectedLeakMbPerMin,
    monitor: result.monitor.summary,
    series: {
      heapAfterGc: heap.map((p) => [round(p.x), round(p.y)]),
      timeline: timeline.map((p) => ({
        atMs: Math.round(p.atMs),
        rssMb: round(p.rssBytes / MB),
        heapMb: round(p.heapUsedBytes / MB),
        loopMaxMs: round(p.eventLoopDelayMaxMs),
      })),
      errorWindows: result.errorWindows.map((w) => [Math.round(w.atMs), w.operations, w.errors]),
    },
  };

  const files = {
    summary: join(dir, 'soak-summary.json'),
    memory: join(dir, 'memory.svg'),
    loop: join(dir, 'event-loop.svg'),
    errors: join(dir, 'error-rate.svg'),
    html: join(dir, 'index.html'),
  };
  await writeFileAtomic(files.summary, `${JSON.stringify(summary, null, 2)}\n`);
  await writeFileAtomic(files.memory, memorySvg);
  await writeFileAtomic(files.loop, loopSvg);
  await writeFileAtomic(files.errors, errorSvg);
  await writeFileAtomic(files.html, renderHtml(result));
  return { dir, summary: files.summary, html: files.html, charts: [files.memory, files.loop, files.errors] };
}

function renderHtml(result: SoakResult): string {
  const rows = Object.entries(result.byKind)
    .map(
      ([kind, t]) =>
        `<tr><td>${kind}</td><td>${t.iterations}</td><td>${t.operations}</td><td>${t.errors}</td><td>${(t.busyMs / 1000).toFixed(1)}</td></tr>`,
    )
    .join('\n');
  const verdictColor =
    result.leak.status === 'leak' ? '#c92a2a' : result.leak.status === 'no-leak' ? '#2b8a3e' : '#e67700';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Soak report</title>
<style>body{font-family:sans-serif;margin:2em;max-width:1000px}td,th{padding:2px 10px;text-align:right}th:first-child,td:first-child{text-align:left}img{max-width:100%;border:1px solid #dee2e6;margin:8px 0}</style>
</head><body>
<h1>Soak report</h1>
<p>Seed <code>${result.seed}</code> (replay: <code>STRESS_SEED=${result.seed} STRESS_DURATION=${formatDuration(result.requestedDurationMs)} npm run soak</code>),
started ${escapeHtml(result.startedAt)}, ran ${formatDuration(result.durationMs)}${result.aborted ? ' (stopped early)' : ''}.</p>
<p><strong style="color:${verdictColor}">Leak check: ${result.leak.status}</strong> — ${escapeHtml(result.leak.reason)}
(threshold ${result.leak.thresholdMbPerMin} MB/min, warm-up ${(result.leak.warmupMs / 1000).toFixed(0)} s, ${result.leak.samplesUsed} post-GC samples${result.gcForced ? '' : ', GC not forced'}).</p>
<p>${result.iterations} iterations, ${result.operations} operations, ${result.errors} errors (${(100 * result.errorRate).toFixed(3)} %).
Peak RSS ${(result.monitor.summary.memory.rssPeakBytes / MB).toFixed(1)} MB; event-loop delay p99 ${result.monitor.summary.eventLoop.p99Ms.toFixed(2)} ms.</p>
<table><thead><tr><th>load</th><th>iterations</th><th>operations</th><th>errors</th><th>busy s</th></tr></thead><tbody>
${rows}
</tbody></table>
${result.failures.length > 0 ? `<h2>First failures</h2><ul>${result.failures.map((f) => `<li><code>${escapeHtml(f)}</code></li>`).join('')}</ul>` : ''}
<h2>Charts</h2>
<p><a href="memory.svg"><img src="memory.svg" alt="RSS and heap over time with the fitted heap slope"></a></p>
<p><a href="event-loop.svg"><img src="event-loop.svg" alt="event-loop delay over time"></a></p>
<p><a href="error-rate.svg"><img src="error-rate.svg" alt="error rate over time"></a></p>
<p><a href="soak-summary.json">soak-summary.json</a></p>
</body></html>
`;
}

/** A soak chart: seconds since the start along x, the quantity from 0 up, one line per series (no dots: thousands of samples). */
function timeChart(options: {
  title: string;
  subtitle: string;
  yUnit: string;
  series: readonly ChartSeries[];
}): string {
  return renderLineChart(
    options.series.map((s) => ({ ...s, dots: false })),
    {
      title: options.title,
      subtitle: options.subtitle,
      width: 960,
      height: 340,
      x: { caption: 'time (s)', fromZero: true },
      y: { caption: options.yUnit, fromZero: true },
    },
  );
}

function thin<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points];
  const step = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => points[Math.round(i * step)] as T);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
