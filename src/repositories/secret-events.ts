// In-process "a shop's webhook secret changed (or the shop is gone)" signal, so cached copies are dropped at once.
// Other processes learn it when their cache entry expires (src/inbox/webhook-token.ts).
type Listener = (shopId: string) => void;
const listeners = new Set<Listener>();

export function onWebhookSecretChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function webhookSecretChanged(shopId: string): void {
  for (const l of listeners) l(shopId);
}
