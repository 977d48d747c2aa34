/**
 * Why `value` is not a usable timeout, or undefined when it is: absent, or a number >= 0 (`Infinity` waits without
 * limit, `0` gives up unless the grant is immediate). NaN would otherwise wait forever and a negative number "time
 * out after -5 ms", both silently.
 */
export function timeoutProblem(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && value >= 0) return undefined;
  const shown =
    typeof value === 'number' || typeof value === 'bigint' ? String(value) : (JSON.stringify(value) ?? String(value));
  return `${name} must be a number of milliseconds >= 0 (Infinity for no limit), got ${shown}`;
}
