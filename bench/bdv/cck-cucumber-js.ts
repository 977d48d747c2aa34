/**
 * One Compatibility Kit sample through cucumber-js's API, its messages printed as NDJSON on stdout (a child
 * process of `cck-score.ts`, so each sample gets a fresh support-code library).
 *
 * argv: <sample dir> <support file>... [-- <sample arguments>]; support files load with import(), or with require()
 * (and tsx/cjs, as cucumber-js's own CCK test does) when CCK_REQUIRE_SUPPORT=1.
 */
import { PassThrough } from 'node:stream';
import { runCucumber, type IRunConfiguration } from '@cucumber/cucumber/api';

const [dir, ...rest] = process.argv.slice(2);
if (dir === undefined) throw new Error('usage: cck-cucumber-js.ts <sample dir> <support file>... [-- <args>]');
const split = rest.indexOf('--');
const support = split === -1 ? rest : rest.slice(0, split);
const extra = split === -1 ? [] : rest.slice(split + 1);
const flag = (name: string): string | undefined => {
  const at = extra.indexOf(name);
  return at === -1 ? undefined : extra[at + 1];
};
const configuration: IRunConfiguration = {
  sources: {
    defaultDialect: 'en',
    paths: [`${dir}/*.feature`, `${dir}/*.feature.md`],
    names: [],
    tagExpression: '',
    order: (flag('--order') ?? 'defined') as 'defined' | 'reverse',
    shard: '',
  },
  support:
    process.env['CCK_REQUIRE_SUPPORT'] === '1'
      ? { requireModules: ['tsx/cjs'], requirePaths: support, importPaths: [] }
      : { requireModules: [], requirePaths: [], importPaths: support },
  runtime: {
    dryRun: false,
    failFast: false,
    filterStacktraces: true,
    parallel: 0,
    retry: Number(flag('--retry') ?? 0),
    retryTagFilter: '',
    strict: true,
    worldParameters: {},
  },
  formats: { stdout: 'summary', files: {}, options: {}, publish: false },
};
const sink = new PassThrough();
sink.resume();
const lines: string[] = [];
await runCucumber(configuration, { cwd: process.cwd(), stdout: sink, stderr: sink }, (envelope) =>
  lines.push(JSON.stringify(envelope)),
);
process.stdout.write(lines.map((line) => `${line}\n`).join(''));
