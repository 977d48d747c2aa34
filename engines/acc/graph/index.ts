/**
 * Stage 3, graph: pure algorithms over the resolved import graph (numbered form, strongly connected components,
 * bounded elementary cycles, coupling). No I/O.
 */
export { afferentCounts, indexGraph, insertSorted, topByCoupling } from './graph-index.js';
export { findStronglyConnectedComponents, stronglyConnectedIndices } from './strongly-connected.js';
export { canonicalCycle, findElementaryCycles } from './elementary-cycles.js';
export type { CycleSearchOptions, CycleSearchResult, ImportCycle } from './elementary-cycles.js';
export { componentCouplingByNumber, computeFileCoupling, couplingMetrics } from './coupling.js';
export type { CouplingMetrics } from './coupling.js';
