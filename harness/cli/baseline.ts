// `npm run baseline:update [-- --keep 10]`: accepts the last run's measurements (every shard's part under
// reports/baselines/parts) into reports/baselines/baselines.json in one atomic write. A corrupt baselines file or
// part stops it with the file's name; nothing is overwritten.
import { join, resolve } from 'node:path';
import { acceptRun } from '../baselines/index.js';

const root = resolve(import.meta.dirname, '..', '..');
const argv = process.argv.slice(2);
const keepIndex = argv.indexOf('--keep');
const keep = keepIndex === -1 ? undefined : Number(argv[keepIndex + 1]);

acceptRun({
  baselineFile: join(root, 'reports', 'baselines', 'baselines.json'),
  partsDir: join(root, 'reports', 'baselines', 'parts'),
  ...(keep !== undefined ? { keep } : {}),
}).then(
  (result) => {
    process.stdout.write(`accepted ${result.tests} test sample(s) from ${result.shards.join(', ')} into ${result.path}\n`);
  },
  (error: unknown) => {
    process.stderr.write(`baseline:update failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
