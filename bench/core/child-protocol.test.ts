import { describe, expect, it } from 'vitest';
import { BenchProtocolError, RESULT_PREFIX, parseChildOutput } from './child-protocol.js';

describe('parseChildOutput', () => {
  const result = { ms: 12.5, cpuMs: 11, items: 20, peakRssMb: 90, outcome: { nodes: 20 } };

  it('finds the result line among other output', () => {
    expect(parseChildOutput(`warming up\n${RESULT_PREFIX}${JSON.stringify(result)}\ntrailing\n`)).toEqual(result);
  });
  it('rejects output without a result line, with bad JSON, or with missing fields', () => {
    expect(() => parseChildOutput('nothing here')).toThrow(BenchProtocolError);
    expect(() => parseChildOutput(`${RESULT_PREFIX}{nope`)).toThrow(/not JSON/);
    expect(() => parseChildOutput(`${RESULT_PREFIX}${JSON.stringify({ ...result, ms: 'fast' })}`)).toThrow(/malformed/);
  });
});
