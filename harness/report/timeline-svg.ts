import type { MonitorSample } from '../monitor/index.js';
import { downsampleTimeline } from './downsample.js';
import { escapeHtml } from '../markup/index.js';
import { niceScale } from './nice-scale.js';

export interface TimelineSvgOptions {
  readonly title?: string;
  /** Upper bound on plotted points per series. Default 300. */
  readonly maxPoints?: number;
  readonly width?: number;
}

interface Series {
  readonly label: string;
  readonly unit: string;
  readonly color: string;
  readonly values: readonly number[];
}

interface Panel {
  readonly title: string;
  readonly unit: string;
  readonly series: readonly Series[];
}

const MB = 1024 * 1024;
const PANEL_HEIGHT = 150;
const PANEL_GAP = 46;
const MARGIN = { left: 64, right: 230, top: 62, bottom: 34 };

const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 2 : 1).replace(/\.?0+$/, ''));
const coord = (n: number): string => n.toFixed(1);

function panelsOf(points: readonly MonitorSample[]): Panel[] {
  const hasChildren = points.some((p) => p.childCount > 0);
  const cpu: Series[] = [
    { label: 'process CPU', unit: '%', color: '#d9480f', values: points.map((p) => p.cpuPercent) },
  ];
  if (hasChildren)
    cpu.push({ label: 'children CPU', unit: '%', color: '#f59f00', values: points.map((p) => p.childCpuPercent) });
  const memory: Series[] = [
    { label: 'RSS', unit: 'MB', color: '#1c7ed6', values: points.map((p) => p.rssBytes / MB) },
    { label: 'heap used', unit: 'MB', color: '#5c940d', values: points.map((p) => p.heapUsedBytes / MB) },
  ];
  if (hasChildren)
    memory.push({
      label: 'children RSS',
      unit: 'MB',
      color: '#862e9c',
      values: points.map((p) => p.childRssBytes / MB),
    });
  const loop: Series[] = [
    { label: 'max delay', unit: 'ms', color: '#c2255c', values: points.map((p) => p.eventLoopDelayMaxMs) },
    { label: 'mean delay', unit: 'ms', color: '#868e96', values: points.map((p) => p.eventLoopDelayMeanMs) },
  ];
  return [
    { title: 'CPU (100 % = one core)', unit: '%', series: cpu },
    { title: 'Memory', unit: 'MB', series: memory },
    { title: 'Event-loop delay', unit: 'ms', series: loop },
  ];
}

/**
 * Renders the monitor timeline as a standalone SVG: three stacked panels (CPU %, memory MB, event-loop
 * delay ms) sharing a time axis in seconds, each with a labelled y axis and a legend. At most `maxPoints`
 * points per series (peaks preserved), so the file stays small whatever the test's length.
 */
export function renderTimelineSvg(timeline: readonly MonitorSample[], options: TimelineSvgOptions = {}): string {
  const width = options.width ?? 960;
  const points = downsampleTimeline(timeline, options.maxPoints ?? 300);
  const panels = panelsOf(points);
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const height = MARGIN.top + panels.length * PANEL_HEIGHT + (panels.length - 1) * PANEL_GAP + MARGIN.bottom;
  const tMaxSec = Math.max(...points.map((p) => p.atMs / 1000), 0);
  const xScale = niceScale(tMaxSec, 6);
  const x = (sec: number): number => MARGIN.left + (sec / xScale.max) * plotWidth;

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${MARGIN.left}" y="22" font-size="14" font-weight="bold">${escapeHtml(options.title ?? 'Resource timeline')}</text>`,
  );

  panels.forEach((panel, index) => {
    const top = MARGIN.top + index * (PANEL_HEIGHT + PANEL_GAP);
    const bottom = top + PANEL_HEIGHT;
    const yScale = niceScale(Math.max(0, ...panel.series.flatMap((s) => s.values)));
    const y = (v: number): number => bottom - (v / yScale.max) * PANEL_HEIGHT;
    parts.push(`<g>`, `<text x="${MARGIN.left}" y="${top - 8}" font-weight="bold">${escapeHtml(panel.title)}</text>`);
    for (let v = 0; v <= yScale.max + 1e-9; v += yScale.step) {
      const yy = coord(y(v));
      parts.push(
        `<line x1="${MARGIN.left}" y1="${yy}" x2="${MARGIN.left + plotWidth}" y2="${yy}" stroke="#e9ecef"/>`,
        `<text x="${MARGIN.left - 6}" y="${yy}" text-anchor="end" dominant-baseline="middle">${fmt(v)}</text>`,
      );
    }
    parts.push(
      `<text transform="translate(14 ${coord(top + PANEL_HEIGHT / 2)}) rotate(-90)" text-anchor="middle">${escapeHtml(panel.unit)}</text>`,
      `<line x1="${MARGIN.left}" y1="${top}" x2="${MARGIN.left}" y2="${bottom}" stroke="#495057"/>`,
      `<line x1="${MARGIN.left}" y1="${bottom}" x2="${MARGIN.left + plotWidth}" y2="${bottom}" stroke="#495057"/>`,
    );
    for (let s = 0; s <= xScale.max + 1e-9; s += xScale.step) {
      const xx = coord(x(s));
      parts.push(
        `<line x1="${xx}" y1="${bottom}" x2="${xx}" y2="${bottom + 4}" stroke="#495057"/>`,
        `<text x="${xx}" y="${bottom + 15}" text-anchor="middle">${fmt(s)}</text>`,
      );
    }
    parts.push(`<text x="${MARGIN.left + plotWidth}" y="${bottom + 28}" text-anchor="end">time (s)</text>`);
    panel.series.forEach((series, i) => {
      if (points.length > 0) {
        const d = points.map((p, k) => `${coord(x(p.atMs / 1000))},${coord(y(series.values[k] ?? 0))}`).join(' ');
        parts.push(`<polyline fill="none" stroke="${series.color}" stroke-width="1.5" points="${d}"/>`);
      }
      const ly = top + 12 + i * 16;
      const peak = Math.max(0, ...series.values);
      parts.push(
        `<line x1="${MARGIN.left + plotWidth + 10}" y1="${ly}" x2="${MARGIN.left + plotWidth + 26}" y2="${ly}" stroke="${series.color}" stroke-width="2"/>`,
        `<text x="${MARGIN.left + plotWidth + 30}" y="${ly}" dominant-baseline="middle">${escapeHtml(series.label)} (peak ${fmt(Math.round(peak * 10) / 10)} ${escapeHtml(series.unit)})</text>`,
      );
    });
    parts.push(`</g>`);
  });
  parts.push(`</svg>`);
  return parts.join('\n');
}
