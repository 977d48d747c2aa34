import { describe, expect, it } from 'vitest';
import type { BenchRow } from './bench-types.js';
import { TABLE_HEADERS, formatMarkdownTable, formatProblems, rowCells } from './format-table.js';

const base: BenchRow = {
  tool: 'p-graph',
  role: 'peer',
  workload: '1,000 x 20-node DAGs',
  runs: 3,
  medianMs: 1234.4,
  medianCpuMs: 987.6,
  throughput: '16,200 nodes/s',
  peakRssMb: 161.2,
  ratioToOurs: 3.456,
  ratioToFloor: 6.02,
  cpuRatioToOurs: 3.1,
  cpuRatioToFloor: 5.5,
  agreement: 'agree',
  differences: [],
  goals: [{ label: 'ours >= 3x faster', verdict: 'PASS' }],
};

describe('rowCells', () => {
  it('formats every column in header order', () => {
    expect(rowCells(base)).toEqual([
      'p-graph',
      '1,000 x 20-node DAGs',
      '1234 (3)',
      '988',
      '16,200 nodes/s',
      '161',
      '3.46x (cpu 3.10x)',
      '6.02x (cpu 5.50x)',
      'ok',
      'ours >= 3x faster',
      'PASS',
    ]);
    expect(rowCells(base)).toHaveLength(TABLE_HEADERS.length);
  });

  it('says DISAGREE and prints no ratio when results differ', () => {
    const cells = rowCells({
      ...base,
      agreement: 'disagree',
      ratioToOurs: undefined,
      ratioToFloor: undefined,
      cpuRatioToOurs: undefined,
      cpuRatioToFloor: undefined,
    });
    expect(cells[6]).toBe('-');
    expect(cells[7]).toBe('-');
    expect(cells[8]).toBe('DISAGREE');
  });

  it('marks errors and our own row', () => {
    expect(
      rowCells({ ...base, error: 'boom', medianMs: undefined, medianCpuMs: undefined, peakRssMb: undefined })[8],
    ).toBe('ERROR');
    expect(rowCells({ ...base, role: 'ours', tool: 'maestro dag', goals: [] }).slice(6)).toEqual([
      '1.00x',
      '6.02x (cpu 5.50x)',
      'ok (manifest)',
      '-',
      '-',
    ]);
  });
});

describe('formatMarkdownTable', () => {
  it('writes a header, a separator and one escaped line per row', () => {
    const table = formatMarkdownTable([{ ...base, tool: 'a|b' }])
      .trimEnd()
      .split('\n');
    expect(table).toHaveLength(3);
    expect(table[0]).toBe(`| ${TABLE_HEADERS.join(' | ')} |`);
    expect(table[2]).toContain('a\\|b');
  });
});

describe('formatProblems', () => {
  it('explains every disagreement and error, and nothing else', () => {
    const text = formatProblems([
      base,
      { ...base, tool: 'madge', agreement: 'disagree', differences: ['cycles: expected 3 items, got 2'] },
      {
        ...base,
        tool: 'maestro acc',
        role: 'ours',
        agreement: 'disagree',
        differences: ['violations: expected 5 items, got 4'],
      },
      { ...base, tool: 'dependency-cruiser', error: 'timed out' },
    ]);
    expect(text.trimEnd().split('\n')).toEqual([
      '- madge on 1,000 x 20-node DAGs disagrees with ours: cycles: expected 3 items, got 2',
      '- maestro acc on 1,000 x 20-node DAGs disagrees with the generator manifest: violations: expected 5 items, got 4',
      '- dependency-cruiser on 1,000 x 20-node DAGs: ERROR timed out',
    ]);
    expect(formatProblems([base])).toBe('');
  });
});
