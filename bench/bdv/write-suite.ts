/**
 * Writes the bench's generated feature suite of any size, to reproduce a huge run by hand:
 *
 *   npx tsx bench/bdv/write-suite.ts 200000 /tmp/f-200000 [seed]
 *   /usr/bin/time -v npm run maestro -- bdv /tmp/f-200000 --steps bench/bdv/vocabulary-steps.ts --format ndjson --output /tmp/m.ndjson
 *
 * 1 % of the scenarios are written to fail, as in the bench; prints the file, pickle and step counts and the bytes.
 */
import { writeFeatureSuite } from '../../harness/generators/index.js';

const [scenariosArg, dir, seedArg] = process.argv.slice(2);
const scenarios = Number(scenariosArg);
if (!Number.isInteger(scenarios) || scenarios < 1 || dir === undefined) {
  process.stderr.write('usage: npx tsx bench/bdv/write-suite.ts <scenarios> <dir> [seed]\n');
  process.exitCode = 2;
} else {
  const manifest = await writeFeatureSuite(dir, {
    scenarios,
    seed: Number(seedArg ?? 1),
    failingScenarios: Math.round(scenarios / 100),
  });
  process.stdout.write(
    `${manifest.root}: ${manifest.files.length} files, ${manifest.pickles} scenarios, ${manifest.steps} steps, ${manifest.totalBytes} bytes\n`,
  );
}
