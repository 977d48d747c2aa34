import type { SerializedError } from './types.js';

/** Turns anything thrown into plain JSON-safe data (a stream may throw a string or a frozen object). */
export function serializeError(thrown: unknown, includeStack = true): SerializedError {
  if (thrown instanceof Error) {
    const code = (thrown as { code?: unknown }).code;
    return {
      name: thrown.name,
      message: thrown.message,
      ...(typeof code === 'string' ? { code } : {}),
      ...(includeStack && thrown.stack !== undefined ? { stack: thrown.stack } : {}),
    };
  }
  let message: string;
  try {
    message = typeof thrown === 'string' ? thrown : (JSON.stringify(thrown) ?? String(thrown));
  } catch {
    message = String(thrown);
  }
  return { name: 'NonErrorThrown', message };
}
