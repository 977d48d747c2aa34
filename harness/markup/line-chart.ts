import { escapeHtml } from './escape-html.js';

/** One point of a series; `y` undefined where it was not measured (the line skips it). */
export interface ChartPoint {
  readonly x: number;
  readonly y: number | undefined;
  /** Hover text of the point. */
  readonly label?: string;
  /** Ring the point in red with a ▲ (a regression). */
  readonly marked?: boolean;
  /** 1-based run number of a point over runs: its marker carries it as `data-run`. */
  readonly run?: number;
  /** A band the value was judged against (shaded behind the point, median dashed). */
  readonly band?: { readonly low: number; readonly high: number; readonly median: number };
}

export interface ChartSeries {
  readonly name: string;
  /** CSS colour of the line, its points and its legend entry. */
  readonly color: string;
  readonly points: readonly ChartPoint[];
  /** Dashed line (a fit, a reference). */
  readonly dashed?: boolean;
  /** Draw a dot per point (default true). */
  readonly dots?: boolean;
}

export interface ChartAxis {
  /** Caption: the quantity and its unit, e.g. "time (s)" or "ms". */
  readonly caption?: string;
  /** Logarithmic scale (every value must be > 0). */
  readonly log?: boolean;
  /** Linear axis starting at 0 instead of at the smallest value. */
  readonly fromZero?: boolean;
  /** Labelled positions instead of the default ticks (round numbers on a linear axis, the ends on a log one). */
  readonly ticks?: readonly { readonly at: number; readonly label: string }[];
}

export interface LineChartOptions {
  readonly title: string;
  /** Second line under the title (a fitted slope, what the lines mean). */
  readonly subtitle?: string;
  readonly x?: ChartAxis;
  readonly y?: ChartAxis;
  readonly width?: number;
  readonly height?: number;
}

export interface SparklineOptions {
  readonly width?: number;
  readonly height?: number;
  /** Accessible label and tooltip. */
  readonly label?: string;
  /** Unit of the values in the points' tooltips. Default "ms". */
  readonly unit?: string;
}

/** The one look of every chart: these colours and this font, in the soak page, the trends view and the attachments. */
const LOOK = {
  font: 'system-ui, sans-serif',
  text: '#24292f',
  muted: '#57606a',
  grid: '#eaeef2',
  axis: '#8c959f',
  marker: '#cf222e',
} as const;

/**
 * A standalone SVG line chart: title, legend, round-number grid, one line per series with hover titles, and
 * optional bands, markers and log scales. Static SVG (no script, `xmlns` set), so it displays the same in a page, an
 * `<img>` data URL, Allure's sandboxed frame and a file opened on its own.
 */
export function renderLineChart(series: readonly ChartSeries[], options: LineChartOptions): string {
  const width = options.width ?? 640;
  const height = options.height ?? 300;
  const title = escapeHtml(options.title);
  const open = `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="${title}" font-family="${LOOK.font}" font-size="11" fill="${LOOK.text}"`;
  const measured = series.flatMap((s) => s.points.filter((p) => isFiniteNumber(p.y)));
  if (measured.length === 0) {
    return `${open} width="${width}" height="40" viewBox="0 0 ${width} 40"><title>${title}</title><text x="0" y="24" font-size="12" fill="${LOOK.muted}">${title}: not measured in these runs</text></svg>`;
  }
  const top = 22 + (options.subtitle === undefined ? 0 : 15) + 16 + 18;
  const pad = { left: 56, right: 16, top, bottom: 34 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const ys = series.flatMap((s) => s.points.flatMap((p) => [p.y, p.band?.low, p.band?.high])).filter(isFiniteNumber);
  const xScale = scaleFor(xs, options.x ?? {}, pad.left, pad.left + plotW, false);
  const yScale = scaleFor(ys, options.y ?? {}, pad.top + plotH, pad.top, true);
  const x = (v: number): number => round(xScale.at(v));
  const y = (v: number): number => round(yScale.at(v));

  const parts = [
    `${open} width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title>${title}</title>`,
    '<rect width="100%" height="100%" fill="#ffffff"/>',
  ];
  parts.push(`<text x="${pad.left}" y="16" font-size="13" font-weight="bold">${title}</text>`);
  if (options.subtitle !== undefined)
    parts.push(`<text x="${pad.left}" y="33" fill="${LOOK.muted}">${escapeHtml(options.subtitle)}</text>`);
  let legendX = pad.left;
  const legendY = top - 24;
  for (const s of series) {
    parts.push(
      `<line x1="${legendX}" x2="${legendX + 18}" y1="${legendY}" y2="${legendY}" stroke="${s.color}" stroke-width="2"${dash(s)}/>`,
      `<text x="${legendX + 23}" y="${legendY + 4}">${escapeHtml(s.name)}</text>`,
    );
    legendX += 36 + 6.5 * s.name.length;
  }
  for (const tick of yScale.ticks) {
    parts.push(
      `<line x1="${pad.left}" x2="${pad.left + plotW}" y1="${y(tick.at)}" y2="${y(tick.at)}" stroke="${LOOK.grid}"/>`,
      `<text x="${pad.left - 6}" y="${y(tick.at) + 4}" text-anchor="end" font-size="10" fill="${LOOK.muted}">${escapeHtml(tick.label)}</text>`,
    );
  }
  for (const tick of xScale.ticks) {
    parts.push(
      `<text x="${x(tick.at)}" y="${pad.top + plotH + 14}" text-anchor="middle" font-size="10" fill="${LOOK.muted}">${escapeHtml(tick.label)}</text>`,
    );
  }
  parts.push(
    `<line x1="${pad.left}" x2="${pad.left + plotW}" y1="${pad.top + plotH}" y2="${pad.top + plotH}" stroke="${LOOK.axis}"/>`,
    `<line x1="${pad.left}" x2="${pad.left}" y1="${pad.top}" y2="${pad.top + plotH}" stroke="${LOOK.axis}"/>`,
  );
  if (options.y?.caption !== undefined)
    parts.push(
      `<text x="${pad.left + 4}" y="${pad.top - 6}" font-size="10" fill="${LOOK.muted}">${escapeHtml(options.y.caption)}</text>`,
    );
  if (options.x?.caption !== undefined)
    parts.push(
      `<text x="${pad.left + plotW}" y="${height - 4}" text-anchor="end" font-size="10" fill="${LOOK.muted}">${escapeHtml(options.x.caption)}</text>`,
    );

  const slot = xs.length > 1 ? plotW / Math.max(1, new Set(xs).size - 1) : plotW;
  const bandWidth = Math.max(6, Math.min(24, slot * 0.6));
  for (const s of series) {
    for (const p of s.points) {
      if (p.band === undefined) continue;
      const { low, high, median } = p.band;
      parts.push(
        `<g class="band" data-series="${escapeHtml(s.name)}"><rect x="${round(x(p.x) - bandWidth / 2)}" y="${y(high)}" width="${round(bandWidth)}" height="${round(Math.max(1, y(low) - y(high)))}" fill="${s.color}" fill-opacity="0.15"><title>${escapeHtml(`${s.name} band ${formatFigure(low)}–${formatFigure(high)} (median ${formatFigure(median)})`)}</title></rect>` +
          `<line x1="${round(x(p.x) - bandWidth / 2)}" x2="${round(x(p.x) + bandWidth / 2)}" y1="${y(median)}" y2="${y(median)}" stroke="${s.color}" stroke-opacity="0.6" stroke-dasharray="2 2"/></g>`,
      );
    }
  }
  for (const s of series) {
    const known = s.points.filter((p): p is ChartPoint & { y: number } => isFiniteNumber(p.y));
    const line =
      known.length > 1
        ? `<polyline fill="none" stroke="${s.color}" stroke-width="1.5"${dash(s)} points="${known.map((p) => `${x(p.x)},${y(p.y)}`).join(' ')}"/>`
        : '';
    const dots = s.dots === false ? '' : known.map((p) => dot(s, p, x(p.x), y(p.y))).join('');
    parts.push(`<g class="series" data-series="${escapeHtml(s.name)}">${line}${dots}</g>`);
  }
  parts.push('</svg>');
  return parts.join('\n');
}

/** The chart's compact form for a table cell: one line in the text colour, scaled to the values' min..max, no axes. */
export function renderSparkline(values: readonly (number | undefined)[], options: SparklineOptions = {}): string {
  const width = options.width ?? 120;
  const height = options.height ?? 28;
  const pad = 3;
  const label = escapeHtml(options.label ?? 'trend');
  const unit = options.unit ?? 'ms';
  const points = values.flatMap((v, i) => (isFiniteNumber(v) ? [{ i, v }] : []));
  const open = `<svg xmlns="http://www.w3.org/2000/svg" class="spark" role="img" aria-label="${label}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`;
  if (points.length === 0) return `${open}<title>${label}: no data</title></svg>`;
  const min = Math.min(...points.map((p) => p.v));
  const max = Math.max(...points.map((p) => p.v));
  const step = values.length > 1 ? (width - 2 * pad) / (values.length - 1) : 0;
  const xy = points.map((p) => ({
    x: round(values.length > 1 ? pad + p.i * step : width / 2),
    y: round(max === min ? height / 2 : pad + (1 - (p.v - min) / (max - min)) * (height - 2 * pad)),
    v: p.v,
  }));
  const line =
    xy.length > 1
      ? `<polyline fill="none" stroke="currentColor" stroke-width="1.5" points="${xy.map((p) => `${p.x},${p.y}`).join(' ')}"/>`
      : '';
  const dots = xy
    .map(
      (p) =>
        `<circle cx="${p.x}" cy="${p.y}" r="2" fill="currentColor"><title>${formatFigure(p.v)} ${escapeHtml(unit)}</title></circle>`,
    )
    .join('');
  return `${open}<title>${label}</title>${line}${dots}</svg>`;
}

/** A figure as read on a chart: whole numbers from 100 up, else up to two decimals. */
export function formatFigure(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 100 || Number.isInteger(value)) return String(Math.round(value));
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

interface Scale {
  at(value: number): number;
  readonly ticks: readonly { readonly at: number; readonly label: string }[];
}

function scaleFor(values: readonly number[], axis: ChartAxis, from: number, to: number, vertical: boolean): Scale {
  const log = axis.log === true;
  const t = (v: number): number => (log ? Math.log(v) : v);
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  let ticks = axis.ticks;
  if (!log) {
    if (axis.fromZero === true) lo = Math.min(0, lo);
    if (lo === hi) {
      lo = lo === 0 ? 0 : lo * 0.9;
      hi = hi === 0 ? 1 : hi * 1.1;
    }
    // A little air above and below the data (not below a zero origin), so no point sits on the axis line.
    const air = vertical ? (hi - lo) * 0.05 : 0;
    if (axis.fromZero !== true) lo -= air;
    hi += air;
    const step = niceStep((hi - lo) / 4);
    if (axis.fromZero === true) hi = Math.ceil(hi / step - 1e-9) * step;
    if (ticks === undefined) {
      const generated: { at: number; label: string }[] = [];
      for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + 1e-9; v += step)
        generated.push({ at: v, label: formatFigure(v) });
      ticks = generated;
    }
  } else if (ticks === undefined) {
    ticks = [...new Set([lo, hi])].map((v) => ({ at: v, label: formatFigure(v) }));
  }
  const span = t(hi) - t(lo) || 1;
  return { at: (v) => from + ((t(v) - t(lo)) / span) * (to - from), ticks };
}

function niceStep(rough: number): number {
  if (!(rough > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
}

function dot(s: ChartSeries, p: ChartPoint, cx: number, cy: number): string {
  const tip = p.label === undefined ? '' : `<title>${escapeHtml(p.label)}</title>`;
  if (p.marked !== true) return `<circle class="point" cx="${cx}" cy="${cy}" r="3" fill="${s.color}">${tip}</circle>`;
  return (
    `<g class="regression"${p.run === undefined ? '' : ` data-run="${p.run}"`}><circle cx="${cx}" cy="${cy}" r="6" fill="none" stroke="${LOOK.marker}" stroke-width="2">${tip}</circle>` +
    `<text x="${cx}" y="${cy - 9}" text-anchor="middle" font-size="11" fill="${LOOK.marker}">▲</text><circle cx="${cx}" cy="${cy}" r="3" fill="${s.color}">${tip}</circle></g>`
  );
}

function dash(s: ChartSeries): string {
  return s.dashed === true ? ' stroke-dasharray="6 4"' : '';
}

function isFiniteNumber(value: number | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
