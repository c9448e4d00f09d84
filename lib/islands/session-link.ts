/// <reference lib="dom" />
/**
 * How browser code other than the session runtime gets a fresh access token:
 * it asks the runtime (`islands/SessionRuntime.tsx`), which refreshes under
 * its cross-tab lock, or adopts a sibling tab's refresh, exactly as its own
 * timer would. There is no second refresh path: presenting a used refresh
 * token twice revokes the session.
 *
 * Islands are bundled with code splitting, so this module is one instance per
 * page and the runtime's registration is seen by every island.
 */

export interface SessionRefresher {
  /** When the current access token expires, on this browser's clock (epoch ms). */
  expiresAt(): number;
  /** How long before expiry the runtime refreshes. */
  leadMs: number;
  /** Refreshes if due (under the lock); resolves when done or given up. */
  refreshIfDue(): Promise<void>;
}

let refresher: SessionRefresher | null = null;

/** Called by the session runtime; returns the unregister function. */
export function provideSessionRefresher(value: SessionRefresher): () => void {
  refresher = value;
  return () => {
    if (refresher === value) refresher = null;
  };
}

/**
 * Makes sure the access token is not within the runtime's lead (3 minutes by
 * default) of expiry before a request that must not meet a 401, such as an
 * SSE reconnect. A page without the runtime has nothing to refresh with.
 */
export async function ensureFreshSession(): Promise<void> {
  const current = refresher;
  if (!current) return;
  if (current.expiresAt() - current.leadMs > Date.now()) return;
  await current.refreshIfDue();
}
