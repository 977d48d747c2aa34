import { describe, expect, it } from 'vitest';
import { escapeHtml, renderLineChart, renderSparkline } from './index.js';

describe('escapeHtml', () => {
  it('escapes the five characters that end text or a quoted attribute, and nothing else', () => {
    expect(escapeHtml(`<a href="x" title='y'>Tom & Jerry</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;',
    );
    expect(escapeHtml('plain text, ümlauts — and ▲')).toBe('plain text, ümlauts — and ▲');
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });
});

describe('renderLineChart', () => {
  const series = [
    {
      name: 'wall <time>',
      color: '#0969da',
      points: [
        { x: 0, y: 10, run: 1, label: 'run 1' },
        { x: 1, y: undefined, run: 2 },
        { x: 2, y: 30, run: 3, label: 'run 3', marked: true, band: { low: 8, high: 14, median: 11 } },
      ],
    },
  ];

  it('draws a standalone SVG: escaped title and legend, one line over the measured points, a dot each, bands and markers', () => {
    const svg = renderLineChart(series, { title: 'A & B', y: { caption: 'ms' } });
    expect(
      svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="A &amp; B"'),
    ).toBe(true);
    expect(svg).toContain('wall &lt;time&gt;');
    expect(svg.match(/<polyline /g)).toHaveLength(1);
    expect(svg.match(/points="([^"]+)"/)?.[1]?.split(' ')).toHaveLength(2); // the unmeasured run is skipped
    expect(svg.match(/class="band"/g)).toHaveLength(1);
    expect(svg.match(/class="regression" data-run="(\d)"/g)).toEqual(['class="regression" data-run="3"']);
    expect(svg).toContain('<title>run 1</title>');
    expect(svg).not.toContain('<script');
  });

  it('puts larger values higher and starts at zero when asked', () => {
    const svg = renderLineChart(
      [
        {
          name: 's',
          color: 'red',
          points: [
            { x: 0, y: 5 },
            { x: 1, y: 10 },
          ],
        },
      ],
      { title: 't', y: { fromZero: true }, width: 300, height: 200 },
    );
    const [a, b] = (svg.match(/points="([^"]+)"/)?.[1] ?? '').split(' ').map((p) => Number(p.split(',')[1]));
    expect(b).toBeLessThan(a ?? 0);
    expect(svg).toMatch(/text-anchor="end" font-size="10" fill="#57606a">0<\/text>/);
  });

  it('says so instead of drawing axes when nothing was measured', () => {
    expect(
      renderLineChart([{ name: 's', color: 'red', points: [{ x: 0, y: undefined }] }], { title: 'CPU' }),
    ).toContain('CPU: not measured in these runs');
  });

  it('places points on a log scale by their logarithm', () => {
    const svg = renderLineChart([{ name: 's', color: 'red', points: [1, 10, 100].map((x) => ({ x, y: x })) }], {
      title: 't',
      x: { log: true },
      y: { log: true },
    });
    const xs = (svg.match(/points="([^"]+)"/)?.[1] ?? '').split(' ').map((p) => Number(p.split(',')[0]));
    expect((xs[1] ?? 0) - (xs[0] ?? 0)).toBeCloseTo((xs[2] ?? 0) - (xs[1] ?? 0), 0);
  });
});

describe('renderSparkline', () => {
  it('places the largest value at the top and skips gaps', () => {
    const svg = renderSparkline([10, undefined, 30], { width: 100, height: 20 });
    expect(svg).toContain('points="3,17 97,3"');
    expect(svg.match(/<circle/g)).toHaveLength(2);
  });
});
