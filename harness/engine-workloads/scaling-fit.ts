import { renderLineChart } from '../markup/index.js';

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
 * A self-contained log-log SVG (harness/markup's one line chart): measured points, the fitted line, and a dashed
 * linear reference (k = 1) through the first point, so a reader sees at a glance whether growth is linear,
 * sub-linear or worse.
 */
export function renderScalingSvg(
  points: readonly ScalingPoint[],
  fit: PowerLawFit,
  options: ScalingChartOptions,
): string {
  const first = points[0];
  if (first === undefined) throw new RangeError('no points to draw');
  const predicted = (size: number): number => Math.exp(fit.intercept + fit.exponent * Math.log(size));
  const sizes = points.map((p) => p.size);
  const ends = [Math.min(...sizes), Math.max(...sizes)];
  return renderLineChart(
    [
      {
        name: 'measured',
        color: '#0969da',
        points: points.map((p) => ({ x: p.size, y: p.ms, label: `${p.size}: ${p.ms.toFixed(1)} ms` })),
      },
      {
        name: `fit, k = ${fit.exponent.toFixed(3)}`,
        color: '#cf222e',
        dots: false,
        points: ends.map((size) => ({ x: size, y: predicted(size) })),
      },
      {
        name: 'linear (k = 1)',
        color: '#8c959f',
        dashed: true,
        dots: false,
        points: ends.map((size) => ({ x: size, y: first.ms * (size / first.size) })),
      },
    ],
    {
      title: `${options.title}: k = ${fit.exponent.toFixed(3)} (r² = ${fit.r2.toFixed(3)})`,
      width: options.width ?? 640,
      height: options.height ?? 360,
      x: {
        log: true,
        caption: `${options.sizeLabel} (log scale)`,
        ticks: points.map((p) => ({ at: p.size, label: String(p.size) })),
      },
      y: { log: true, caption: 'ms (log scale)' },
    },
  );
}
