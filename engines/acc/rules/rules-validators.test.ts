import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { rulesValidatorsModuleSource } from './rules-validators-source.js';
import { loadRulesValidators, type RulesValidators } from './rules-validators.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
let scratch: string;
let precompiled: RulesValidators;
const runtime = loadRulesValidators();

beforeAll(async () => {
  // The generated module imports ajv's run-time helpers by package name, so it must sit where `ajv` resolves.
  mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
  scratch = mkdtempSync(join(ROOT, 'node_modules', '.cache', 'rules-validators-'));
  const file = join(scratch, 'rules-validators.mjs');
  writeFileSync(file, rulesValidatorsModuleSource());
  precompiled = (
    (await import(pathToFileURL(file).href)) as { loadRulesValidators: () => RulesValidators }
  ).loadRulesValidators();
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Both validators' verdict and error objects (ajv's `errors`), for one kind of validator. */
function verdicts(kind: keyof RulesValidators, data: unknown): { runtime: unknown; precompiled: unknown } {
  const run = (v: RulesValidators): unknown => {
    const valid = v[kind](data);
    return { valid, errors: structuredClone(v[kind].errors ?? null) };
  };
  return { runtime: run(runtime), precompiled: run(precompiled) };
}

const VALID_FILES: unknown[] = [
  parseYaml(readFileSync(join(ROOT, 'maestro.architecture.yaml'), 'utf8')),
  {
    version: 1,
    components: [{ name: 'UI', paths: ['src/ui/**'], description: 'x' }],
    rules: ['UI: NO_CYCLES', { type: 'COUPLING', component: 'UI', max: 3 }],
    suppressions: [{ rule: 'r', from: 'a', to: 'b', justification: 'moving in ticket 12', expires: '2026-06-30' }],
    options: { includeTypeOnly: true, maxCycles: 5, exclude: ['dist/**'], componentOverlap: 'error' },
  },
  {},
];
const INVALID_FILES: unknown[] = [
  null,
  [],
  'rules',
  { version: 2 },
  { bogus: 1, components: 'x' },
  { components: [{ name: '9x', paths: [] }, { paths: [''] }, { name: 'A', paths: ['a'], extra: true }] },
  { rules: [1, null, 'ok'] },
  { suppressions: [{ rule: '', from: 'a', justification: 'short', expires: '2026-6-30' }] },
  { options: { maxCycles: 0, includeTypeOnly: 'yes', exclude: [''], componentOverlap: 'last' } },
  // minLength counts code points (ajv's ucs2length helper): two astral characters are 2, not 4.
  { suppressions: [{ rule: 'r', from: 'a', justification: '😀😀😀😀😀😀😀😀😀', expires: '2026-06-30' }] },
];
const VALID_RULES: unknown[] = [
  { id: 'x', type: 'CAN_CALL', component: 'A', targets: ['B'], severity: 'info', description: 'd' },
  { type: 'PUBLIC_ENTRY_ONLY', component: 'A', module: 'engines/*', entries: ['index.ts'], exemptions: [] },
  { type: 'COUPLING', component: 'A', threshold: 0, metric: 'afferent', scope: 'file' },
];
const INVALID_RULES: unknown[] = [
  {},
  { type: 'NOPE', component: '', bogus: 1 },
  { type: 'PUBLIC_ENTRY_ONLY', component: 'A', module: 'engines/**', entries: [] },
  { type: 'COUPLING', component: 'A', max: -1, metric: 'all', scope: 'repo', target: '' },
  { type: 'CAN_CALL', component: 'A', targets: 'B', severity: 'fatal' },
];

describe('the precompiled rules validators (the bin) against ajv compiling the same schemas at run time', () => {
  it('give the same verdict and the same errors on valid and invalid rules files', () => {
    for (const data of [...VALID_FILES, ...INVALID_FILES]) {
      const { runtime: r, precompiled: p } = verdicts('file', data);
      expect(p).toEqual(r);
    }
    expect(VALID_FILES.map((d) => verdicts('file', d).precompiled)).toEqual(
      VALID_FILES.map(() => ({ valid: true, errors: null })),
    );
    for (const data of INVALID_FILES) expect(verdicts('file', data).precompiled).toMatchObject({ valid: false });
  });

  it('give the same verdict and the same errors on valid and invalid long-form rules', () => {
    for (const data of [...VALID_RULES, ...INVALID_RULES])
      expect(verdicts('rule', data).precompiled).toEqual(verdicts('rule', data).runtime);
    for (const data of VALID_RULES) expect(verdicts('rule', data).precompiled).toMatchObject({ valid: true });
    for (const data of INVALID_RULES) expect(verdicts('rule', data).precompiled).toMatchObject({ valid: false });
  });

  it('agree on generated documents (valid ones with a field replaced by arbitrary JSON)', () => {
    const fileKeys = ['version', 'components', 'rules', 'suppressions', 'options', 'other'];
    const ruleKeys = ['type', 'component', 'targets', 'max', 'metric', 'module', 'entries', 'other'];
    for (const [kind, valid, keys] of [
      ['file', VALID_FILES, fileKeys],
      ['rule', VALID_RULES, ruleKeys],
    ] as const)
      fc.assert(
        fc.property(fc.constantFrom(...valid), fc.constantFrom(...keys), fc.jsonValue(), (base, key, value) => {
          const { runtime: r, precompiled: p } = verdicts(kind, { ...(base as object), [key]: value });
          expect(p).toEqual(r);
        }),
        { seed: 18, numRuns: 300 },
      );
  });
});
