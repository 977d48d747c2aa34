/** Robert C. Martin's package metrics: Ca (afferent: who depends on me), Ce (efferent: what I depend on). */
export interface CouplingMetrics {
  readonly afferent: number;
  readonly efferent: number;
  /** Ce / (Ca + Ce); 0 when isolated. 0 = maximally stable, 1 = maximally unstable. */
  readonly instability: number;
}

function metrics(afferent: number, efferent: number): CouplingMetrics {
  const total = afferent + efferent;
  return { afferent, efferent, instability: total === 0 ? 0 : Math.round((efferent / total) * 10_000) / 10_000 };
}

/** Per-file coupling over distinct internal dependencies. */
export function computeFileCoupling(adjacency: ReadonlyMap<string, readonly string[]>): Map<string, CouplingMetrics> {
  const afferent = new Map<string, number>();
  for (const targets of adjacency.values()) for (const t of targets) afferent.set(t, (afferent.get(t) ?? 0) + 1);
  const result = new Map<string, CouplingMetrics>();
  for (const [file, targets] of adjacency) result.set(file, metrics(afferent.get(file) ?? 0, targets.length));
  return result;
}

/** Per-component coupling: Ce counts distinct other components depended on, Ca distinct components depending on it. */
export function computeComponentCoupling(
  adjacency: ReadonlyMap<string, readonly string[]>,
  componentOf: (file: string) => string | undefined,
): Map<string, CouplingMetrics> {
  const out = new Map<string, Set<string>>();
  const inc = new Map<string, Set<string>>();
  for (const [file, targets] of adjacency) {
    const from = componentOf(file);
    if (from === undefined) continue;
    if (!out.has(from)) out.set(from, new Set());
    if (!inc.has(from)) inc.set(from, new Set());
    for (const t of targets) {
      const to = componentOf(t);
      if (to === undefined || to === from) continue;
      out.get(from)?.add(to);
      if (!inc.has(to)) inc.set(to, new Set());
      inc.get(to)?.add(from);
    }
  }
  const result = new Map<string, CouplingMetrics>();
  for (const name of [...new Set([...out.keys(), ...inc.keys()])].sort()) {
    result.set(name, metrics(inc.get(name)?.size ?? 0, out.get(name)?.size ?? 0));
  }
  return result;
}
