/**
 * Test helpers for the sync primitives' fault tests: a log-log slope fit for scaling checks, and a watcher of the
 * process's warnings (MaxListenersExceededWarning and the like).
 */

/** Least-squares fit of `log(y) = log(c) + k log(x)`: k is the scaling exponent (1 linear, 2 quadratic). */
export function fitPowerLaw(
  xs: readonly number[],
  ys: readonly number[],
): { readonly exponent: number; readonly coefficient: number } {
  if (xs.length !== ys.length || xs.length < 2) throw new RangeError('fitPowerLaw needs two or more (x, y) pairs');
  const lx = xs.map((x) => Math.log(x));
  // A measured 0 ms (coarse clock) would be -Infinity in log space: floor it at a microsecond.
  const ly = ys.map((y) => Math.log(Math.max(y, 1e-3)));
  const meanX = lx.reduce((sum, value) => sum + value, 0) / lx.length;
  const meanY = ly.reduce((sum, value) => sum + value, 0) / ly.length;
  let covariance = 0;
  let variance = 0;
  for (let index = 0; index < lx.length; index += 1) {
    const dx = (lx[index] as number) - meanX;
    covariance += dx * ((ly[index] as number) - meanY);
    variance += dx * dx;
  }
  const exponent = covariance / variance;
  return { exponent, coefficient: Math.exp(meanY - exponent * meanX) };
}

/** Collects the warnings the process emits until `stop()`. */
export function watchWarnings(): { seen(): readonly Error[]; stop(): void } {
  const seen: Error[] = [];
  const listener = (warning: Error): void => {
    seen.push(warning);
  };
  process.on('warning', listener);
  return { seen: () => seen, stop: () => process.off('warning', listener) };
}
