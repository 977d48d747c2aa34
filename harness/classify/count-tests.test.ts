import { describe, expect, it } from 'vitest';
import type { AllureResult, ResultFile } from './allure-result.js';
import { countTests, listedTestKeys, type PlaywrightListSuite } from './count-tests.js';

const list: PlaywrightListSuite[] = [
  {
    title: 'a.spec.ts',
    file: 'a.spec.ts',
    specs: [{ title: 'one', file: 'a.spec.ts', tests: [{ projectName: '' }] }],
    suites: [{ title: 'group', specs: [{ title: 'two', file: 'a.spec.ts', tests: [{ projectName: '' }] }] }],
  },
  {
    title: 'b.spec.ts',
    file: 'b.spec.ts',
    specs: [{ title: 'three', file: 'b.spec.ts', tests: [{ projectName: '' }] }],
  },
];

function file(fullName: string, retry = 0): ResultFile {
  const result: AllureResult = {
    uuid: `${fullName}-${retry}`,
    fullName,
    parameters: retry > 0 ? [{ name: 'Retry', value: String(retry) }] : [],
  };
  return { path: '', dir: '', result };
}

describe('countTests', () => {
  it('keys listed tests like allure-playwright names them, describes included', () => {
    expect(listedTestKeys(list)).toEqual(['a.spec.ts › one', 'a.spec.ts › group › two', 'b.spec.ts › three']);
  });

  it('accepts every test exactly once, retries included', () => {
    const report = countTests(listedTestKeys(list), [
      file('a.spec.ts › one'),
      file('a.spec.ts › one', 1),
      file('a.spec.ts › group › two'),
      file('b.spec.ts › three'),
    ]);
    expect(report).toMatchObject({ ok: true, expected: 3, found: 3 });
  });

  it('reports lost, duplicated (run in two shards) and unexpected tests', () => {
    const report = countTests(listedTestKeys(list), [
      file('a.spec.ts › one'),
      file('a.spec.ts › one'),
      file('b.spec.ts › three'),
      file('old.spec.ts › gone'),
    ]);
    expect(report).toMatchObject({
      ok: false,
      lost: ['a.spec.ts › group › two'],
      duplicated: ['a.spec.ts › one'],
      unexpected: ['old.spec.ts › gone'],
    });
  });
});
