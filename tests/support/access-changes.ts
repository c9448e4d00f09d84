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
import type { Db } from "../../lib/db/client.ts";
import type { EventHub } from "../../lib/events/hub.ts";
import { type AccessChange, publishAccessChange } from "../../lib/events/publish.ts";
import type { TestApp } from "./test-app.ts";

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

/**
 * A test's stand-in for an administrator's change made elsewhere: runs
 * `write` and announces `change` in one transaction, as the app's own writes
 * do, and returns once `app`'s hub has handed it on, so the app's next
 * request is answered from the new state.
 *
 * @example
 * ```ts
 * await changeAccess(app, { clinicId }, (tx) => tx.delete(roleTemplates).where(…));
 * ```
 */
export async function changeAccess(
  app: TestApp,
  change: AccessChange,
  write: (tx: Db) => Promise<unknown>,
): Promise<void> {
  const heard = await accessChangeHeard(
    app.deps.events,
    (c) => c?.userId === change.userId && c?.clinicId === change.clinicId,
  );
  await app.deps.db.transaction(async (tx) => {
    await write(tx);
    await publishAccessChange(tx, change);
  });
  await heard();
}
