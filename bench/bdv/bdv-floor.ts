import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { generateMessages } from '@cucumber/gherkin';
import { IdGenerator, SourceMediaType } from '@cucumber/messages';
import { runContender, startWorkTimer } from '../core/child-protocol.js';
import { listFeatureFiles, type BdvTask } from './bdv-task.js';

/** Floor: find, read, parse and compile every feature file with the official Gherkin package; nothing runs. */
await runContender<BdvTask>(async (task) => {
  const timer = startWorkTimer();
  const newId = IdGenerator.incrementing();
  let scenarios = 0;
  let steps = 0;
  let parseErrors = 0;
  for (const file of listFeatureFiles(task.featuresDir)) {
    const envelopes = generateMessages(
      readFileSync(file, 'utf8'),
      relative(task.featuresDir, file),
      SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_PLAIN,
      {
        includeSource: false,
        includeGherkinDocument: true,
        includePickles: true,
        newId,
      },
    );
    for (const envelope of envelopes) {
      if (envelope.pickle !== undefined) {
        scenarios++;
        steps += envelope.pickle.steps.length;
      } else if (envelope.parseError !== undefined) parseErrors++;
    }
  }
  const { ms, cpuMs } = timer.stop();
  return { ms, cpuMs, items: scenarios, outcome: { scenarios, steps, parseErrors } };
});
