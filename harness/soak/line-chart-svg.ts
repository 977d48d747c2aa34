import { escapeHtml } from '../markup/index.js';

export interface ChartPoint {
  /** Seconds since the soak started. */
  readonly x: number;
  readonly y: number;
}

export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  readonly points: readonly ChartPoint[];
  /** Dashed line, e.g. for a fitted trend. */
  readonly dashed?: boolean;
}

export interface LineChartOptions {
  readonly title: string;
  readonly yUnit: string;
  readonly series: readonly ChartSeries[];
  /** Extra line under the title (e.g. the fitted slope). */
  readonly subtitle?: string;
  readonly width?: number;
  readonly height?: number;
}

const MARGIN = { left: 64, right: 200, top: 56, bottom: 40 };

/**
 * A standalone SVG line chart with a time axis in seconds, a labelled y axis from 0 and a legend. Plain SVG, no
 * scripts, so it displays in any browser, in the soak's HTML page and in an Allure attachment.
 */
export function renderLineChartSvg(options: LineChartOptions): string {
  const width = options.width ?? 960;
  const height = options.height ?? 320;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const all = options.series.flatMap((s) => s.points);
  const xMax = niceMax(Math.max(1e-9, ...all.map((p) => p.x)));
  const yMax = niceMax(Math.max(1e-9, ...all.map((p) => p.y)));
  const x = (v: number): number => MARGIN.left + (v / xMax.max) * plotW;
  const y = (v: number): number => MARGIN.top + plotH - (Math.max(0, v) / yMax.max) * plotH;

  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    '<rect width="100%" height="100%" fill="#ffffff"/>',
    `<text x="${MARGIN.left}" y="22" font-size="14" font-weight="bold">${escapeHtml(options.title)}</text>`,
  ];
  if (options.subtitle !== undefined) parts.push(`<text x="${MARGIN.left}" y="40" fill="#495057">${escapeHtml(options.subtitle)}</text>`);
  for (let tick = 0; tick <= yMax.max + 1e-9; tick += yMax.step) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}" stroke="#e9ecef"/>`,
      `<text x="${MARGIN.left - 6}" y="${(y(tick) + 4).toFixed(1)}" text-anchor="end">${fmt(tick)}</text>`,
    );
  }
  for (let tick = 0; tick <= xMax.max + 1e-9; tick += xMax.step) {
    parts.push(`<text x="${x(tick).toFixed(1)}" y="${MARGIN.top + plotH + 16}" text-anchor="middle">${fmt(tick)}</text>`);
  }
  parts.push(
    `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH}" stroke="#495057"/>`,
    `<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#495057"/>`,
    `<text x="${MARGIN.left + plotW / 2}" y="${height - 6}" text-anchor="middle">time (s)</text>`,
    `<text x="14" y="${MARGIN.top + plotH / 2}" text-anchor="middle" transform="rotate(-90 14 ${MARGIN.top + plotH / 2})">${escapeHtml(options.yUnit)}</text>`,
  );
  options.series.forEach((series, index) => {
    if (series.points.length > 0) {
      const d = series.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`).join(' ');
      parts.push(`<path d="${d}" fill="none" stroke="${series.color}" stroke-width="1.5"${series.dashed === true ? ' stroke-dasharray="6 4"' : ''}/>`);
    }
    const ly = MARGIN.top + 10 + index * 18;
    const lx = MARGIN.left + plotW + 16;
    parts.push(
      `<line x1="${lx}" x2="${lx + 22}" y1="${ly}" y2="${ly}" stroke="${series.color}" stroke-width="2"${series.dashed === true ? ' stroke-dasharray="6 4"' : ''}/>`,
      `<text x="${lx + 28}" y="${ly + 4}">${escapeHtml(series.label)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

function niceMax(dataMax: number): { max: number; step: number } {
  const rough = dataMax / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  return { max: Math.ceil(dataMax / step - 1e-9) * step, step };
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 2 : 1).replace(/\.?0+$/, '');
}
