// The engines share one seeded generator (mulberry32); the DAG engine uses it for retry jitter.
export { createSeededRandom } from '../common/index.js';
