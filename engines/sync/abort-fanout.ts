type Callback = () => void;

/** Per signal: the one listener registered on it and the callbacks it calls. */
const fanouts = new WeakMap<AbortSignal, { readonly callbacks: Set<Callback>; readonly listener: Callback }>();

/**
 * Calls `callback` once when `signal` aborts; returns the unsubscribe. However many waiters share a signal (one
 * caller's signal over 1,000 lock or pool requests is normal), the signal carries a single `abort` listener, so
 * Node never warns `MaxListenersExceededWarning` for what is not a leak, and unsubscribing is O(1).
 */
export function onAbort(signal: AbortSignal, callback: Callback): () => void {
  let fanout = fanouts.get(signal);
  if (fanout === undefined) {
    const callbacks = new Set<Callback>();
    const listener = (): void => {
      fanouts.delete(signal);
      for (const each of [...callbacks]) each();
    };
    fanout = { callbacks, listener };
    fanouts.set(signal, fanout);
    signal.addEventListener('abort', listener, { once: true });
  }
  const { callbacks, listener } = fanout;
  // Each subscription is its own entry, so one callback subscribed twice is called twice, as with listeners.
  const entry: Callback = () => callback();
  callbacks.add(entry);
  return () => {
    if (!callbacks.delete(entry) || callbacks.size > 0) return;
    if (fanouts.get(signal)?.callbacks === callbacks) fanouts.delete(signal);
    signal.removeEventListener('abort', listener);
  };
}
