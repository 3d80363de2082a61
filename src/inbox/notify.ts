// In-process "a row was just written" signal: the webhook route (and the catch-up activity when it runs in the same
// process) nudges the dispatcher so an event is started within milliseconds instead of at the next poll.
type Listener = () => void;
const listeners = new Set<Listener>();

export function onInboxWrite(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function notifyInboxWrite(): void {
  for (const l of listeners) l();
}
