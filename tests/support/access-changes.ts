/**
 * Waits for an instance's event hub to hand on an access change: the moment
 * its principal cache has forgotten what the change touched. Start waiting
 * before the write, then await the result after it.
 *
 * @example
 * ```ts
 * const heard = await accessChangeHeard(b.deps.events, (c) => c?.userId === nurseId);
 * await a.json("PUT", `/api/v1/staff/${id}/permissions`, { permissions: [] }, { jar });
 * await heard();
 * ```
 */
import type { EventHub } from "../../lib/events/hub.ts";
import type { AccessChange } from "../../lib/events/publish.ts";

export async function accessChangeHeard(
  hub: EventHub,
  matches: (change: AccessChange | null) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<() => Promise<AccessChange | null>> {
  let heard!: (change: AccessChange | null) => void;
  const arrived = new Promise<AccessChange | null>((resolve) => (heard = resolve));
  const subscription = await hub.watchAccessChanges((change) => {
    if (matches(change)) heard(change);
  });
  return async () => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      return await Promise.race([
        arrived,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no matching access change within ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
      subscription.close();
    }
  };
}
