import type { CpuProfile, CpuProfileNode } from './cpu-profile.js';
import { escapeHtml } from '../markup/index.js';

export interface FlameGraphOptions {
  readonly title?: string;
  readonly width?: number;
  /** Frames narrower than this many pixels are left out (their time stays in the parent's width). Default 0.5. */
  readonly minFrameWidthPx?: number;
}

const ROW = 18;
const TOP = 40;

/**
 * Renders a CPU profile as an icicle-style flame graph SVG: the root on top, callees below, each frame as wide as
 * its inclusive sampled time. Hovering a frame shows its name, location and time (an SVG `<title>`), so it reads
 * in any browser and in the Allure report without scripts.
 */
export function renderFlameGraphSvg(profile: CpuProfile, options: FlameGraphOptions = {}): string {
  const width = options.width ?? 1200;
  const minWidth = options.minFrameWidthPx ?? 0.5;
  const byId = new Map<number, CpuProfileNode>(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  (profile.samples ?? []).forEach((id, index) =>
    selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, profile.timeDeltas?.[index] ?? 0)),
  );
  const totalUs = new Map<number, number>();
  const childIds = new Set(profile.nodes.flatMap((node) => node.children ?? []));
  const roots = profile.nodes.filter((node) => !childIds.has(node.id));
  const inclusive = (node: CpuProfileNode): number => {
    // Iterative post-order: deep recursion in a profile must not overflow this renderer's stack.
    const order: CpuProfileNode[] = [];
    const stack = [node];
    while (stack.length > 0) {
      const next = stack.pop() as CpuProfileNode;
      order.push(next);
      for (const child of next.children ?? []) {
        const childNode = byId.get(child);
        if (childNode !== undefined) stack.push(childNode);
      }
    }
    for (const item of order.reverse()) {
      let sum = selfUs.get(item.id) ?? 0;
      for (const child of item.children ?? []) sum += totalUs.get(child) ?? 0;
      totalUs.set(item.id, sum);
    }
    return totalUs.get(node.id) ?? 0;
  };
  const grandTotal = roots.reduce((sum, root) => sum + inclusive(root), 0);
  const scale = grandTotal === 0 ? 0 : width / grandTotal;

  const rects: string[] = [];
  let maxDepth = 0;
  const place = (node: CpuProfileNode, x: number, depth: number): void => {
    const frameWidth = (totalUs.get(node.id) ?? 0) * scale;
    if (frameWidth < minWidth) return;
    maxDepth = Math.max(maxDepth, depth);
    const y = TOP + depth * ROW;
    const name = node.callFrame.functionName === '' ? '(anonymous)' : node.callFrame.functionName;
    const where = node.callFrame.url === '' ? '' : ` ${shortUrl(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
    const ms = (totalUs.get(node.id) ?? 0) / 1000;
    const label = frameWidth > 40 ? truncate(name, Math.floor(frameWidth / 6.5)) : '';
    rects.push(
      `<g><title>${escapeHtml(`${name}${where} — ${ms.toFixed(1)} ms (${((100 * (totalUs.get(node.id) ?? 0)) / (grandTotal || 1)).toFixed(1)} %)`)}</title>` +
        `<rect x="${x.toFixed(1)}" y="${y}" width="${frameWidth.toFixed(1)}" height="${ROW - 1}" fill="${colorFor(name)}" rx="2"/>` +
        (label === '' ? '' : `<text x="${(x + 3).toFixed(1)}" y="${y + ROW - 5}">${escapeHtml(label)}</text>`) +
        '</g>',
    );
    let childX = x;
    for (const childId of node.children ?? []) {
      const child = byId.get(childId);
      if (child === undefined) continue;
      place(child, childX, depth + 1);
      childX += (totalUs.get(childId) ?? 0) * scale;
    }
  };
  let rootX = 0;
  for (const root of roots) {
    place(root, rootX, 0);
    rootX += (totalUs.get(root.id) ?? 0) * scale;
  }
  const height = TOP + (maxDepth + 1) * ROW + 10;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="monospace" font-size="11">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="4" y="22" font-size="14" font-family="sans-serif" font-weight="bold">${escapeHtml(options.title ?? 'CPU flame graph')} — ${(grandTotal / 1000).toFixed(1)} ms sampled</text>`,
    ...rects,
    '</svg>',
  ].join('\n');
}

function shortUrl(url: string): string {
  const parts = url.split('/');
  return parts.slice(-2).join('/');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

/** Warm colours keyed by the name, so a function keeps its colour across graphs. */
function colorFor(name: string): string {
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) >>> 0;
  if (name.startsWith('(')) return '#ced4da';
  return `hsl(${10 + (hash % 45)}, ${70 + (hash % 20)}%, ${58 + (hash % 12)}%)`;
}
