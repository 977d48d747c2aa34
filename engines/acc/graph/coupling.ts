/** Robert C. Martin's package metrics: Ca (afferent: who depends on me), Ce (efferent: what I depend on). */
export interface CouplingMetrics {
  readonly afferent: number;
  readonly efferent: number;
  /** Ce / (Ca + Ce); 0 when isolated. 0 = maximally stable, 1 = maximally unstable. */
  readonly instability: number;
}

export function couplingMetrics(afferent: number, efferent: number): CouplingMetrics {
  const total = afferent + efferent;
  return { afferent, efferent, instability: total === 0 ? 0 : Math.round((efferent / total) * 10_000) / 10_000 };
}

/** Per-file coupling over distinct internal dependencies. */
export function computeFileCoupling(adjacency: ReadonlyMap<string, readonly string[]>): Map<string, CouplingMetrics> {
  const afferent = new Map<string, number>();
  // forEach rather than for-of: no iterator result per entry, which counts in a fresh process.
  adjacency.forEach((targets) => {
    for (let i = 0; i < targets.length; i++) {
      const t = targets[i] ?? '';
      afferent.set(t, (afferent.get(t) ?? 0) + 1);
    }
  });
  const result = new Map<string, CouplingMetrics>();
  adjacency.forEach((targets, file) => result.set(file, couplingMetrics(afferent.get(file) ?? 0, targets.length)));
  return result;
}

/**
 * Per-component coupling over numbered files (Ce counts distinct other components depended on, Ca distinct
 * components depending on it): `succ[v]` are v's dependencies, `component[v]` its component. Only files with an
 * adjacency entry (`succ[v]` set) are sources; any numbered file can be a target.
 */
export function componentCouplingByNumber(
  succ: readonly (readonly number[] | undefined)[],
  component: readonly (string | undefined)[],
): Map<string, CouplingMetrics> {
  const out = new Map<string, Set<string>>();
  const inc = new Map<string, Set<string>>();
  for (let v = 0; v < succ.length; v++) {
    const targets = succ[v];
    const from = component[v];
    if (targets === undefined || from === undefined) continue;
    let outOfFrom = out.get(from);
    if (outOfFrom === undefined) out.set(from, (outOfFrom = new Set()));
    if (!inc.has(from)) inc.set(from, new Set());
    for (let i = 0; i < targets.length; i++) {
      const to = component[targets[i] ?? -1];
      if (to === undefined || to === from) continue;
      outOfFrom.add(to);
      let incOfTo = inc.get(to);
      if (incOfTo === undefined) inc.set(to, (incOfTo = new Set()));
      incOfTo.add(from);
    }
  }
  const result = new Map<string, CouplingMetrics>();
  for (const name of [...new Set([...out.keys(), ...inc.keys()])].sort()) {
    result.set(name, couplingMetrics(inc.get(name)?.size ?? 0, out.get(name)?.size ?? 0));
  }
  return result;
}
