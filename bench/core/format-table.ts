import type { BenchRow } from './bench-types.js';

export const TABLE_HEADERS = [
  'tool',
  'workload',
  'median ms (n)',
  'CPU ms',
  'throughput',
  'peak RSS MB',
  'ratio to ours',
  'ratio to floor',
  'check',
  'goal',
  'verdict',
] as const;

/** One row's cells, in TABLE_HEADERS order. A disagreeing row says DISAGREE and shows no ratio. */
export function rowCells(row: BenchRow): string[] {
  const failed = row.error !== undefined;
  return [
    row.tool,
    row.workload,
    row.medianMs === undefined ? '-' : `${formatMs(row.medianMs)} (${row.runs})`,
    row.medianCpuMs === undefined ? '-' : formatMs(row.medianCpuMs),
    row.throughput,
    row.peakRssMb === undefined ? '-' : row.peakRssMb.toFixed(0),
    row.role === 'ours' ? '1.00x' : formatRatio(row.ratioToOurs, row.cpuRatioToOurs),
    row.role === 'floor' ? '1.00x' : formatRatio(row.ratioToFloor, row.cpuRatioToFloor),
    failed ? 'ERROR' : checkLabel(row),
    row.goals.map((g) => g.label).join('; ') || '-',
    row.goals.map((g) => g.verdict).join('; ') || '-',
  ];
}

function checkLabel(row: BenchRow): string {
  switch (row.agreement) {
    case 'agree':
      return row.role === 'ours' ? 'ok (manifest)' : 'ok';
    case 'disagree':
      return 'DISAGREE';
    default:
      return row.agreement;
  }
}

function formatMs(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(1);
}

/** Wall-time ratio, with the CPU-time ratio in parentheses. */
function formatRatio(wall: number | undefined, cpu: number | undefined): string {
  if (wall === undefined) return '-';
  return cpu === undefined ? `${wall.toFixed(2)}x` : `${wall.toFixed(2)}x (cpu ${cpu.toFixed(2)}x)`;
}

/** A GitHub-flavoured markdown table (readable in a terminal and pasteable into the README). */
export function formatMarkdownTable(rows: readonly BenchRow[]): string {
  const lines = [`| ${TABLE_HEADERS.join(' | ')} |`, `|${TABLE_HEADERS.map(() => '---').join('|')}|`];
  for (const row of rows) lines.push(`| ${rowCells(row).map(escapeCell).join(' | ')} |`);
  return `${lines.join('\n')}\n`;
}

/** Lines explaining every DISAGREE and ERROR row, so a missing ratio always has a stated reason. */
export function formatProblems(rows: readonly BenchRow[]): string {
  const lines: string[] = [];
  for (const row of rows) {
    if (row.error !== undefined) lines.push(`- ${row.tool} on ${row.workload}: ERROR ${row.error}`);
    if (row.agreement === 'disagree') {
      const against = row.role === 'ours' ? 'the generator manifest' : 'ours';
      lines.push(`- ${row.tool} on ${row.workload} disagrees with ${against}: ${row.differences.join(' | ')}`);
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|');
}
