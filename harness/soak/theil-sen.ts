export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface LineFit {
  readonly slope: number;
  readonly intercept: number;
}

/** Pairs beyond this are thinned first: the estimator is O(n²) and 400 points already give 79 800 slopes. */
const MAX_POINTS = 400;

/**
 * Theil–Sen line fit: the slope is the median of the slopes between every pair of points, the intercept the median
 * of `y - slope·x`. Up to ~29 % of the points can be arbitrarily wrong (a GC that did not run, a burst) without
 * moving it, unlike least squares. Longer series are thinned evenly to {@link MAX_POINTS} points.
 */
export function fitTheilSen(points: readonly Point[]): LineFit {
  if (points.length < 2) throw new RangeError(`a line fit needs at least 2 points, got ${points.length}`);
  const used = thin(points, MAX_POINTS);
  const slopes: number[] = [];
  for (let i = 0; i < used.length; i++) {
    for (let j = i + 1; j < used.length; j++) {
      const a = used[i] as Point;
      const b = used[j] as Point;
      if (b.x !== a.x) slopes.push((b.y - a.y) / (b.x - a.x));
    }
  }
  if (slopes.length === 0) throw new RangeError('a line fit needs at least 2 distinct x values');
  const slope = median(slopes);
  const intercept = median(used.map((p) => p.y - slope * p.x));
  return { slope, intercept };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function thin(points: readonly Point[], max: number): readonly Point[] {
  if (points.length <= max) return points;
  const step = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => points[Math.round(i * step)] as Point);
}
