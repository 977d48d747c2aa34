import { escapeHtml } from '../markup/index.js';

export interface SparklineOptions {
  width?: number;
  height?: number;
  /** Accessible label / tooltip. */
  label?: string;
}

/**
 * An inline SVG polyline of the values (gaps skipped), scaled to the window's min..max. Inline so the page
 * works offline and from `file://` with no script.
 */
export function renderSparkline(values: readonly (number | undefined)[], options: SparklineOptions = {}): string {
  const width = options.width ?? 120;
  const height = options.height ?? 28;
  const pad = 3;
  const points = values
    .map((v, i) => (v === undefined || !Number.isFinite(v) ? undefined : { i, v }))
    .filter((p) => p !== undefined);
  const label = escapeHtml(options.label ?? 'duration trend');
  if (points.length === 0) {
    return `<svg class="spark" role="img" aria-label="${label}" width="${width}" height="${height}"><title>${label}: no data</title></svg>`;
  }
  const min = Math.min(...points.map((p) => p.v));
  const max = Math.max(...points.map((p) => p.v));
  const span = max - min || 1;
  const step = values.length > 1 ? (width - 2 * pad) / (values.length - 1) : 0;
  const xy = points.map((p) => {
    const x = values.length > 1 ? pad + p.i * step : width / 2;
    const y = max === min ? height / 2 : pad + (1 - (p.v - min) / span) * (height - 2 * pad);
    return { x: round(x), y: round(y), v: p.v };
  });
  const polyline =
    xy.length > 1
      ? `<polyline fill="none" stroke="currentColor" stroke-width="1.5" points="${xy.map((p) => `${p.x},${p.y}`).join(' ')}"/>`
      : '';
  const dots = xy.map((p) => `<circle cx="${p.x}" cy="${p.y}" r="2"><title>${round(p.v)} ms</title></circle>`).join('');
  return `<svg class="spark" role="img" aria-label="${label}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><title>${label}</title>${polyline}${dots}</svg>`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
