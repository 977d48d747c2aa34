import { ContextStoreCorruptError } from '../errors.js';
import type { ExecutionSnapshot } from './context-store.js';

const NODE_STATUSES = new Set(['PENDING', 'READY', 'RUNNING', 'COMPLETED', 'FAILED', 'SKIPPED', 'BLOCKED']);
const WORKFLOW_STATUSES = new Set(['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'PAUSED', 'CANCELLED']);

/** Checks that parsed data has the snapshot shape; throws a ContextStoreCorruptError naming `location` if not. */
export function parseSnapshot(data: unknown, location: string): ExecutionSnapshot {
  const fail = (reason: string): never => {
    throw new ContextStoreCorruptError(location, reason);
  };
  if (!isRecord(data)) return fail('not an object');
  if (data['version'] !== 1) fail(`unsupported version ${JSON.stringify(data['version'])}`);
  if (typeof data['executionId'] !== 'string') fail('executionId is missing');
  if (typeof data['workflowId'] !== 'string') fail('workflowId is missing');
  if (!WORKFLOW_STATUSES.has(data['status'] as string))
    fail(`unknown workflow status ${JSON.stringify(data['status'])}`);
  if (!isRecord(data['context'])) fail('context is not an object');
  if (typeof data['updatedAt'] !== 'number') fail('updatedAt is missing');
  const nodes = data['nodes'];
  if (!isRecord(nodes)) return fail('nodes is not an object');
  for (const [id, node] of Object.entries(nodes)) {
    if (!isRecord(node)) fail(`node "${id}" is not an object`);
    const state = node as Record<string, unknown>;
    if (!NODE_STATUSES.has(state['status'] as string))
      fail(`node "${id}" has unknown status ${JSON.stringify(state['status'])}`);
    if (typeof state['attempts'] !== 'number') fail(`node "${id}" has no attempts count`);
  }
  return data as unknown as ExecutionSnapshot;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
