import { describe, expect, it } from 'vitest';
import { diffIo, parseProcIo, readProcIo } from './proc-io.js';

describe('parseProcIo', () => {
  it('reads the four byte counters', () => {
    const text =
      'rchar: 100\nwchar: 20\nsyscr: 3\nsyscw: 1\nread_bytes: 4096\nwrite_bytes: 8192\ncancelled_write_bytes: 0\n';
    expect(parseProcIo(text)).toEqual({ rchar: 100, wchar: 20, readBytes: 4096, writeBytes: 8192 });
  });

  it('returns undefined for a truncated file', () => {
    expect(parseProcIo('rchar: 1\n')).toBeUndefined();
  });

  it('diffs two readings and gives undefined when one is missing', () => {
    const a = { rchar: 1, wchar: 2, readBytes: 3, writeBytes: 4 };
    const b = { rchar: 11, wchar: 22, readBytes: 33, writeBytes: 44 };
    expect(diffIo(a, b)).toEqual({ rchar: 10, wchar: 20, readBytes: 30, writeBytes: 40 });
    expect(diffIo(a, undefined)).toBeUndefined();
  });

  it('returns undefined for a file that does not exist', () => {
    expect(readProcIo('/definitely/not/here/io')).toBeUndefined();
  });
});
