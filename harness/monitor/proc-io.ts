import { readFileSync } from 'node:fs';
import type { IoCounters } from './types.js';

/** Parses the text of `/proc/<pid>/io`; undefined when a field is missing. */
export function parseProcIo(text: string): IoCounters | undefined {
  const fields = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^(\w+):\s*(\d+)/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) fields.set(match[1], Number(match[2]));
  }
  const rchar = fields.get('rchar');
  const wchar = fields.get('wchar');
  const readBytes = fields.get('read_bytes');
  const writeBytes = fields.get('write_bytes');
  if (rchar === undefined || wchar === undefined || readBytes === undefined || writeBytes === undefined)
    return undefined;
  return { rchar, wchar, readBytes, writeBytes };
}

/**
 * Reads this process's I/O counters; undefined off Linux or where the file is not readable (some containers).
 * Synchronous on purpose: the kernel builds the file in memory, so a sync read is microseconds while an
 * async one costs thread-pool round trips.
 */
export function readProcIo(path = '/proc/self/io'): IoCounters | undefined {
  try {
    return parseProcIo(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Counter growth between two readings; undefined unless both exist. */
export function diffIo(start: IoCounters | undefined, end: IoCounters | undefined): IoCounters | undefined {
  if (start === undefined || end === undefined) return undefined;
  return {
    rchar: end.rchar - start.rchar,
    wchar: end.wchar - start.wchar,
    readBytes: end.readBytes - start.readBytes,
    writeBytes: end.writeBytes - start.writeBytes,
  };
}
