import { escapeHtml } from '../markup/index.js';

/** One measured size of a scaling test. */
export interface ScalingPoint {
  readonly size: number;
  readonly ms: number;
}

export interface PowerLawFit {
  /** k in time = e^a * size^k: 1 is linear, below 1 sub-linear. */
  readonly exponent: number;
  /** a, the intercept of log(time) = a + k log(size). */
  readonly intercept: number;
  /** Coefficient of determination of the log-log fit (1 = every point on the line). */
  readonly r2: number;
}

/**
 * Least-squares fit of log(ms) = a + k log(size). Judging growth by a slope over several sizes is much less
 * sensitive to one noisy measurement than a two-point ratio.
 */
export function fitPowerLaw(points: readonly ScalingPoint[]): PowerLawFit {
  if (points.length < 2) throw new RangeError(`a fit needs at least 2 points, got ${points.length}`);
  for (const p of points) {
    if (!(p.size > 0 && p.ms > 0)) throw new RangeError(`sizes and times must be > 0, got size ${p.size}, ${p.ms} ms`);
  }
  const xs = points.map((p) => Math.log(p.size));
  const ys = points.map((p) => Math.log(p.ms));
  const n = points.length;
  const meanX = xs.reduce((s, x) => s + x, 0) / n;
  const meanY = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - meanX;
    const dy = (ys[i] as number) - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0) throw new RangeError('a fit needs at least two distinct sizes');
  const exponent = sxy / sxx;
  const intercept = meanY - exponent * meanX;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { exponent, intercept, r2 };
}

export interface ScalingChartOptions {
  readonly title: string;
  readonly sizeLabel: string;
  readonly width?: number;
  readonly height?: number;
}

/**
 * A self-contained log-log SVG: measured points, the fitted line, and a dashed linear reference (k = 1) through
 * the first point, so a reader sees at a glance whether growth is linear, sub-linear or worse.
 */
export function renderScalingSvg(points: readonly ScalingPoint[], fit: PowerLawFit, options: ScalingChartOptions): string {
  const width = options.width ?? 640;
  const height = options.height ?? 360;
  const pad = { left: 64, right: 24, top: 40, bottom: 48 };
  const first = points[0];
  if (first === undefined) throw new RangeError('no points to draw');
  const predicted = (size: number): number => Math.exp(fit.intercept + fit.exponent * Math.log(size));
  const linear = (size: number): number => first.ms * (size / first.size);
  const sizes = points.map((p) => p.size);
  const minX = Math.log(Math.min(...sizes));
  const maxX = Math.log(Math.max(...sizes));
  const allY = points.flatMap((p) => [p.ms, predicted(p.size), linear(p.size)]).map(Math.log);
  const minY = Math.min(...allY);
  const maxY = Math.max(...allY);
  const sx = (size: number): number => pad.left + ((Math.log(size) - minX) / (maxX - minX || 1)) * (width - pad.left - pad.right);
  const sy = (ms: number): number => height - pad.bottom - ((Math.log(ms) - minY) / (maxY - minY || 1)) * (height - pad.top - pad.bottom);
  const line = (f: (size: number) => number): string => {
    const lo = Math.min(...sizes);
    const hi = Math.max(...sizes);
    return `M${sx(lo).toFixed(1)},${sy(f(lo)).toFixed(1)} L${sx(hi).toFixed(1)},${sy(f(hi)).toFixed(1)}`;
  };
  const dots = points
    .map((p) => `<circle cx="${sx(p.size).toFixed(1)}" cy="${sy(p.ms).toFixed(1)}" r="4" fill="#1f77b4"><title>${p.size}: ${p.ms.toFixed(1)} ms</title></circle>`)
    .join('');
  const labels = points
    .map((p) => `<text x="${sx(p.size).toFixed(1)}" y="${height - pad.bottom + 16}" font-size="11" text-anchor="middle">${p.size}</text>`)
    .join('');
  const title = `${options.title}: k = ${fit.exponent.toFixed(3)} (r² = ${fit.r2.toFixed(3)})`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${pad.left}" y="22" font-size="14">${escapeHtml(title)}</text>`,
    `<line x1="${pad.left}" y1="${height - pad.bottom}" x2="${width - pad.right}" y2="${height - pad.bottom}" stroke="#333"/>`,
    `<line x1="${pad.left}" y1="${pad.top}" x2="${pad.left}" y2="${height - pad.bottom}" stroke="#333"/>`,
    `<path d="${line(linear)}" stroke="#999" stroke-dasharray="5,4" fill="none"/>`,
    `<path d="${line(predicted)}" stroke="#d62728" stroke-width="2" fill="none"/>`,
    dots,
    labels,
    `<text x="${(width / 2).toFixed(0)}" y="${height - 10}" font-size="12" text-anchor="middle">${escapeHtml(options.sizeLabel)} (log scale)</text>`,
    `<text x="14" y="${(height / 2).toFixed(0)}" font-size="12" transform="rotate(-90 14 ${(height / 2).toFixed(0)})" text-anchor="middle">ms (log scale)</text>`,
    `<text x="${width - pad.right}" y="${pad.top - 6}" font-size="11" text-anchor="end" fill="#666">red: fit, dashed: linear (k = 1)</text>`,
    '</svg>',
  ].join('\n');
}
