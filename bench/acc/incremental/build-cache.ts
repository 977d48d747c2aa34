import { analyzeArchitecture } from '../../../engines/acc/index.js';
import { loadBenchRules } from './incremental-task.js';

/** Helper process of new-process-rerun.ts: fills `cacheDir` with a first analysis of `root`. */
const [root, cacheDir] = process.argv.slice(2);
if (root === undefined || cacheDir === undefined) throw new Error('usage: build-cache.ts <root> <cacheDir>');
await analyzeArchitecture(root, { rules: loadBenchRules(), cacheDir });
