import { describe, expect, it } from 'vitest';
import type { MonitorSample } from '../monitor/index.js';
import { downsampleTimeline } from './downsample.js';
import { renderTimelineSvg } from './timeline-svg.js';

const MB = 1024 * 1024;

function sample(atMs: number, over: Partial<MonitorSample> = {}): MonitorSample {
  return {
    atMs,
    cpuPercent: 50,
    pidusageCpuPercent: undefined,
    childCpuPercent: 0,
    childRssBytes: 0,
    childCount: 0,
    rssBytes: 100 * MB,
    heapUsedBytes: 40 * MB,
    externalBytes: 1 * MB,
    eventLoopDelayMeanMs: 1,
    eventLoopDelayMaxMs: 2,
    ...over,
  };
}

/**
 * A strict-enough XML well-formedness check for our generated SVG: balanced tags, quoted attributes,
 * no stray '<' or unescaped '&' in text.
 */
function assertWellFormedXml(xml: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt === -1 ? xml.length : lt);
    expect(text).not.toMatch(/&(?!(amp|lt|gt|quot|#39);)/);
    if (lt === -1) break;
    tag.lastIndex = lt;
    const m = tag.exec(xml);
    if (m === null) throw new Error(`malformed tag at ${lt}: ${xml.slice(lt, lt + 60)}`);
    const [, closing, name, , selfClosing] = m;
    if (closing === '/') expect(stack.pop()).toBe(name);
    else if (selfClosing !== '/') stack.push(name!);
    i = tag.lastIndex;
  }
  expect(stack).toEqual([]);
}

describe('renderTimelineSvg', () => {
  it('produces well-formed SVG with three labelled panels and units', () => {
    const timeline = Array.from({ length: 50 }, (_, k) => sample(k * 100, { cpuPercent: k % 10 === 0 ? 180 : 40 }));
    const svg = renderTimelineSvg(timeline, { title: 'E2E-108 <CPU> & "memory"' });
    assertWellFormedXml(svg);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('E2E-108 &lt;CPU&gt; &amp; &quot;memory&quot;');
    for (const label of ['CPU (100 % = one core)', 'Memory', 'Event-loop delay', 'time (s)', '>%<', '>MB<', '>ms<']) {
      expect(svg).toContain(label);
    }
    expect(svg).toContain('process CPU (peak 180 %)');
    expect(svg.match(/<polyline /g)).toHaveLength(5);
  });

  it('stays small for a long test: at most 300 points per series and well under 100 KB', () => {
    const timeline = Array.from({ length: 36_000 }, (_, k) => sample(k * 100, { rssBytes: (100 + (k % 97)) * MB }));
    const svg = renderTimelineSvg(timeline);
    assertWellFormedXml(svg);
    const points = svg.match(/points="([^"]*)"/g) ?? [];
    expect(points.length).toBeGreaterThan(0);
    for (const p of points) expect(p.split(' ').length).toBeLessThanOrEqual(300);
    expect(Buffer.byteLength(svg)).toBeLessThan(100 * 1024);
  });

  it('draws children series only when the test had child processes', () => {
    expect(renderTimelineSvg([sample(0), sample(100)])).not.toContain('children CPU');
    expect(renderTimelineSvg([sample(0), sample(100, { childCount: 1, childCpuPercent: 90 })])).toContain(
      'children CPU',
    );
  });

  it('renders an empty timeline without throwing', () => {
    assertWellFormedXml(renderTimelineSvg([]));
  });
});

describe('downsampleTimeline', () => {
  it('keeps the peak of every bucket, so a one-sample spike survives', () => {
    const timeline = Array.from({ length: 1000 }, (_, k) => sample(k * 10, { cpuPercent: k === 537 ? 400 : 10 }));
    const reduced = downsampleTimeline(timeline, 100);
    expect(reduced).toHaveLength(100);
    expect(Math.max(...reduced.map((s) => s.cpuPercent))).toBe(400);
    expect(reduced.at(-1)?.atMs).toBe(9990);
  });

  it('returns short timelines unchanged', () => {
    const timeline = [sample(0), sample(100)];
    expect(downsampleTimeline(timeline, 300)).toEqual(timeline);
  });
});
