import { cpus, loadavg, totalmem } from 'node:os';

export interface MachineInfo {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly totalMemoryMb: number;
  readonly node: string;
  readonly platform: string;
  /** 1, 5 and 15 minute load averages. */
  readonly loadAverage: readonly [number, number, number];
}

export function readMachineInfo(): MachineInfo {
  const list = cpus();
  const [one, five, fifteen] = loadavg();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    totalMemoryMb: Math.round(totalmem() / 1024 / 1024),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverage: [round(one), round(five), round(fifteen)],
  };
}

export function describeMachine(machine: MachineInfo): string {
  return `${machine.cpus} x ${machine.cpuModel}, ${machine.totalMemoryMb} MB, node ${machine.node}, load average ${machine.loadAverage.join(' / ')}`;
}

function round(value: number | undefined): number {
  return Math.round((value ?? 0) * 100) / 100;
}
