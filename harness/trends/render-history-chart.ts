import { escapeHtml } from '../markup/index.js';

/** One run's value of a series; undefined where the run did not measure it. */
export interface ChartPoint {
  value: number | undefined;
  /** Hover text of the point (run, date, value). */
  label: string;
  /** Draw the point as a regression marker. */
  regressed?: boolean;
  /** The baseline band the value was judged against in that run, in the series' unit. */
  band?: { low: number; high: number; median: number };
}

export interface ChartSeries {
  name: string;
  /** CSS colour of the line. */
  color: string;
  points: readonly ChartPoint[];
}

export interface HistoryChartOptions {
  title: string;
  unit: string;
  width?: number;
  height?: number;
}

const PAD = { left: 52, right: 12, top: 22, bottom: 18 };

/**
 * A small line chart over runs (oldest left): one polyline per series, the baseline band of each run as a shaded
 * column behind it (median as a tick), regressed points ringed in red with a ▲. Static SVG with `<title>`
 * tooltips, so it works in the sandboxed frame Allure renders it in (no script).
 */
export function renderHistoryChart(series: readonly ChartSeries[], options: HistoryChartOptions): string {
  const width = options.width ?? 560;
  const height = options.height ?? 150;
  const slots = Math.max(1, ...series.map((s) => s.points.length));
  const values = series.flatMap((s) => s.points.flatMap((p) => [p.value, p.band?.low, p.band?.high])).filter(isFiniteNumber);
  const title = escapeHtml(options.title);
  if (values.length === 0) {
    return `<svg class="chart" role="img" aria-label="${title}: not measured in these runs" width="${width}" height="40"><text x="0" y="24" font-size="12" fill="#57606a">${title}: not measured in these runs</text></svg>`;
  }
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (min === max) {
    min = min === 0 ? 0 : min * 0.9;
    max = max === 0 ? 1 : max * 1.1;
  }
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const step = slots > 1 ? plotW / (slots - 1) : 0;
  const x = (i: number): number => round(slots > 1 ? PAD.left + i * step : PAD.left + plotW / 2);
  const y = (v: number): number => round(PAD.top + (1 - (v - min) / (max - min)) * plotH);
  const bandWidth = Math.max(6, Math.min(24, step * 0.6 || 24));
  const bands = series
    .flatMap((s) =>
      s.points.map((p, i) =>
        p.band === undefined
          ? ''
          : `<g class="band" data-series="${escapeHtml(s.name)}"><rect x="${round(x(i) - bandWidth / 2)}" y="${y(p.band.high)}" width="${round(bandWidth)}" height="${round(Math.max(1, y(p.band.low) - y(p.band.high)))}" fill="${s.color}" fill-opacity="0.15"><title>${escapeHtml(`${s.name} baseline ${fmt(p.band.low)}–${fmt(p.band.high)} ${options.unit} (median ${fmt(p.band.median)})`)}</title></rect>` +
            `<line x1="${round(x(i) - bandWidth / 2)}" x2="${round(x(i) + bandWidth / 2)}" y1="${y(p.band.median)}" y2="${y(p.band.median)}" stroke="${s.color}" stroke-opacity="0.6" stroke-dasharray="2 2"/></g>`,
      ),
    )
    .join('');
  const lines = series
    .map((s) => {
      const known = s.points.map((p, i) => ({ p, i })).filter((e): e is { p: ChartPoint & { value: number }; i: number } => isFiniteNumber(e.p.value));
      const polyline = known.length > 1 ? `<polyline fill="none" stroke="${s.color}" stroke-width="1.5" points="${known.map((e) => `${x(e.i)},${y(e.p.value)}`).join(' ')}"/>` : '';
      const dots = known
        .map((e) => {
          const tip = `<title>${escapeHtml(e.p.label)}</title>`;
          return e.p.regressed === true
            ? `<g class="regression" data-run="${e.i + 1}"><circle cx="${x(e.i)}" cy="${y(e.p.value)}" r="6" fill="none" stroke="#cf222e" stroke-width="2">${tip}</circle><text x="${x(e.i)}" y="${y(e.p.value) - 9}" text-anchor="middle" font-size="11" fill="#cf222e">▲</text><circle cx="${x(e.i)}" cy="${y(e.p.value)}" r="3" fill="${s.color}">${tip}</circle></g>`
            : `<circle class="point" cx="${x(e.i)}" cy="${y(e.p.value)}" r="3" fill="${s.color}">${tip}</circle>`;
        })
        .join('');
      return `<g class="series" data-series="${escapeHtml(s.name)}">${polyline}${dots}</g>`;
    })
    .join('');
  const legend = series
    .map((s, i) => `<text x="${PAD.left + i * 110}" y="13" font-size="11" fill="${s.color}">■ ${escapeHtml(s.name)}</text>`)
    .join('');
  const axis =
    `<text x="${PAD.left - 6}" y="${y(max) + 4}" font-size="10" text-anchor="end" fill="#57606a">${fmt(max)} ${escapeHtml(options.unit)}</text>` +
    `<text x="${PAD.left - 6}" y="${y(min) + 4}" font-size="10" text-anchor="end" fill="#57606a">${fmt(min)} ${escapeHtml(options.unit)}</text>` +
    `<line x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${PAD.top + plotH}" stroke="#d0d7de"/>` +
    `<line x1="${PAD.left}" x2="${width - PAD.right}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH}" stroke="#d0d7de"/>` +
    `<text x="${PAD.left}" y="${height - 4}" font-size="10" fill="#57606a">run 1</text>` +
    `<text x="${width - PAD.right}" y="${height - 4}" font-size="10" text-anchor="end" fill="#57606a">run ${slots}</text>`;
  return `<svg class="chart" role="img" font-family="system-ui, sans-serif" aria-label="${title}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg"><title>${title}</title>${legend}${axis}${bands}${lines}</svg>`;
}

function isFiniteNumber(value: number | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** A figure with up to three significant decimals, as read on a chart. */
export function fmt(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 100 || Number.isInteger(value)) return String(Math.round(value));
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}
