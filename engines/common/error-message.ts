/** What was thrown, as one line of text: an Error's message, anything else (a string, a number) as a string. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * What was thrown with its kind: `TypeError: x is not a function` for an Error (so a reader tells a bug from an
 * expected failure), anything else as a string.
 */
export function errorWithName(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
