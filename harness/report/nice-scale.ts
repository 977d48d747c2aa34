/** A "nice" axis: a maximum and tick step drawn from 1, 2, 2.5, 5 × 10^n, so tick labels read cleanly. */
export interface NiceScale {
  readonly max: number;
  readonly step: number;
}

/** Smallest nice scale covering [0, dataMax] with about `ticks` intervals; a flat-zero series gets [0, 1]. */
export function niceScale(dataMax: number, ticks = 4): NiceScale {
  if (!(dataMax > 0) || !Number.isFinite(dataMax)) return { max: 1, step: 0.25 };
  const rough = dataMax / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  return { max: Math.ceil(dataMax / step - 1e-9) * step, step };
}
