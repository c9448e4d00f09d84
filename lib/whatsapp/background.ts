/**
 * Work that follows an answer instead of delaying it: processing a webhook
 * delivery Meta is waiting to have acknowledged, sending a reply a member
 * just wrote. Each task's durable state is in the database (an unprocessed
 * event, a queued message), so a task lost with its process is picked up by
 * the cron job; the log line names the error class only, never a payload.
 *
 * @example
 * ```ts
 * runAfterResponse("whatsapp webhook", () => processWebhookEvents(deps, new Date()));
 * await backgroundIdle(); // tests: wait for what was started
 * ```
 */

const inFlight = new Set<Promise<unknown>>();

export function runAfterResponse(label: string, task: () => Promise<unknown>): void {
  const run: Promise<void> = new Promise<void>((resolve) => setTimeout(resolve, 0))
    .then(task)
    .then(() => {}, (error) => console.error(`${label} failed: ${(error as Error).name}`))
    .finally(() => inFlight.delete(run));
  inFlight.add(run);
}

/** Resolves once every task started so far, and any they started, has finished. */
export async function backgroundIdle(): Promise<void> {
  while (inFlight.size) await Promise.all([...inFlight]);
}
